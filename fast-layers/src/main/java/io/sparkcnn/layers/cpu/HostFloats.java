package io.sparkcnn.layers.cpu;

import java.nio.FloatBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Bulk copies between ND4J's off-heap arrays and Java float arrays: the boundary of the Java kernels. */
public final class HostFloats {
    private HostFloats() {
    }

    /** The elements of {@code a} in row-major (c) order, in {@code reuse} when it is large enough. */
    public static float[] read(INDArray a, float[] reuse) {
        INDArray dense = isDenseRowMajor(a) ? a : a.dup('c');
        int n = Math.toIntExact(dense.length());
        float[] out = reuse != null && reuse.length >= n ? reuse : new float[n];
        pointerTo(dense).get(out, 0, n);
        return out;
    }

    /**
     * A Java array of {@code length} floats for a layer to keep between minibatches: {@code buffer} itself when it
     * has that length, else a new one (whose contents are zeros, not the old buffer's).
     */
    public static float[] reuse(float[] buffer, int length) {
        return buffer != null && buffer.length == length ? buffer : new float[length];
    }

    /** {@code a} itself when its elements lie densely in row-major order, else such a copy of it. */
    public static INDArray dense(INDArray a) {
        return isDenseRowMajor(a) ? a : a.dup('c');
    }

    /**
     * Copies elements [from, from + length) of {@code a} (dense, row-major) to the same positions of {@code dest}.
     * Parts of one array may be copied from several threads at once.
     */
    public static void readRange(INDArray a, float[] dest, int from, int length) {
        requireDense(a);
        pointerTo(a).position(from).get(dest, from, length);
    }

    /** Copies {@code src[from, from + length)} to the same positions of {@code dest} (dense, row-major). */
    public static void writeRange(float[] src, INDArray dest, int from, int length) {
        requireDense(dest);
        pointerTo(dest).position(from).put(src, from, length);
    }

    /**
     * ND4J's own memory of {@code a} (dense, row-major) as a buffer, for OpenBLAS to read or write in place. The
     * buffer does not keep {@code a} alive: callers keep it reachable until they are done
     * ({@code Reference.reachabilityFence}).
     */
    public static FloatBuffer buffer(INDArray a) {
        requireDense(a);
        int n = Math.toIntExact(a.length());
        FloatPointer p = pointerTo(a);
        return p.capacity(n).limit(n).asBuffer();
    }

    /**
     * The same for a dense column-major array {@code a} (DL4J keeps a dense layer's weights and their gradient so):
     * its transpose, row-major, in place. Told from {@code a}'s strides, without the transposed view: each array ND4J
     * makes, a view too, gets a native shape buffer, ~10 µs of CPU here (BENCHMARKS.md).
     */
    public static FloatBuffer transposedBuffer(INDArray a) {
        if (!isDenseColumnMajor(a)) {
            throw new IllegalArgumentException("expected a dense column-major array, was " + a.shapeInfoToString());
        }
        int n = Math.toIntExact(a.length());
        return pointerTo(a).capacity(n).limit(n).asBuffer();
    }

    private static void requireDense(INDArray a) {
        if (!isDenseRowMajor(a)) {
            throw new IllegalArgumentException("expected a dense row-major array, was " + a.shapeInfoToString());
        }
    }

    /** Fills {@code dest} (dense, row-major) from the first {@code dest.length()} elements of {@code src}. */
    public static void write(float[] src, INDArray dest) {
        requireDense(dest);
        pointerTo(dest).put(src, 0, Math.toIntExact(dest.length()));
    }

    /** Whether the elements lie one after another in row-major order (strides of size-1 dimensions do not matter). */
    public static boolean isDenseRowMajor(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** Whether the elements lie one after another in column-major order: {@code a}'s transpose is dense row-major. */
    public static boolean isDenseColumnMajor(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /**
     * The address of the array's first element. A view's data buffer is itself a view that starts where the array
     * does (ND4J M2: {@code a.offset() == a.data().offset()}, already applied by {@code addressPointer()}).
     */
    private static FloatPointer pointerTo(INDArray a) {
        return new FloatPointer(a.data().addressPointer());
    }
}
