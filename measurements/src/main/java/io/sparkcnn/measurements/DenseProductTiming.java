package io.sparkcnn.measurements;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;

import io.sparkcnn.layers.cpu.Sgemm;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The measurement behind {@code FastDense} (docs/fast-layers.md, "Dense layers"). Times the seed CNN's 800 → 128
 * dense layer's forward product and weight gradient for a minibatch of 64, one BLAS thread, through ND4J's
 * {@code mmul} (what DL4J's layer calls) and through OpenBLAS directly ({@link Sgemm}, what the fast layer calls).
 * No arguments.
 */
public final class DenseProductTiming {
    private static final int CALLS = 2000;

    private DenseProductTiming() {
    }

    public static void main(String[] args) {
        Nd4j.factory().blas().setMaxThreads(1);
        int n = 64, in = 800, out = 128;
        INDArray x = Nd4j.rand(DataType.FLOAT, n, in);
        INDArray w = Nd4j.rand(DataType.FLOAT, in, out);
        INDArray dz = Nd4j.rand(DataType.FLOAT, n, out);
        // Off-heap copies as the fast layer's operands are; the pointers own the memory, so they are kept.
        FloatPointer[] memory = {new FloatPointer(x.data().asFloat()), new FloatPointer(w.data().asFloat()),
            new FloatPointer(dz.data().asFloat()), new FloatPointer((long) n * out), new FloatPointer((long) in * out)};
        FloatBuffer xb = memory[0].asBuffer(), wb = memory[1].asBuffer(), dzb = memory[2].asBuffer();
        FloatBuffer zb = memory[3].asBuffer(), dwb = memory[4].asBuffer();
        for (int round = 1; round <= 3; round++) {
            double nd4jForward = microseconds(() -> x.mmul(w));
            double nd4jGradient = microseconds(() -> x.transpose().mmul(dz));
            double blasForward = microseconds(() -> Sgemm.multiply(false, false, n, out, in, xb, wb, 0f, zb));
            double blasGradient = microseconds(() -> Sgemm.multiply(true, false, in, out, n, xb, dzb, 0f, dwb));
            System.out.printf("round %d: x·W ND4J %.0f us, OpenBLAS %.0f us; xᵀ·dz ND4J %.0f us, OpenBLAS %.0f us%n",
                    round, nd4jForward, blasForward, nd4jGradient, blasGradient);
        }
        Reference.reachabilityFence(memory);
    }

    private static double microseconds(Runnable product) {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            product.run();
        }
        return (System.nanoTime() - start) / 1e3 / CALLS;
    }
}
