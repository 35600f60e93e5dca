package io.sparkcnn.layers.cpu;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A reusable off-heap float buffer for GEMM operands. OpenBLAS reads and writes it in place; a Java array would be
 * copied in and out by JNI on every call (JavaCPP uses Get/ReleaseFloatArrayElements), megabytes per GEMM here.
 * Java code moves whole segments in and out with the buffer's absolute bulk get/put, which are safe from several
 * threads on disjoint segments.
 */
public final class NativeFloats {
    private FloatPointer memory;
    private FloatBuffer view;

    /** A buffer of at least {@code length} floats; its contents are undefined after it grows. */
    public FloatBuffer ensure(int length) {
        if (view == null || view.capacity() < length) {
            if (memory != null) {
                memory.close();
            }
            memory = new FloatPointer(length);
            view = memory.asBuffer();
        }
        return view;
    }

    /** {@code buffers}, or a copy grown with new empty buffers to hold at least {@code count}. */
    public static NativeFloats[] atLeast(NativeFloats[] buffers, int count) {
        if (buffers.length >= count) {
            return buffers;
        }
        NativeFloats[] more = Arrays.copyOf(buffers, count);
        for (int i = buffers.length; i < count; i++) {
            more[i] = new NativeFloats();
        }
        return more;
    }
}
