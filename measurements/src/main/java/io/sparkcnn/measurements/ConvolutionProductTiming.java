package io.sparkcnn.measurements;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.sparkcnn.layers.cpu.Sgemm;
import io.sparkcnn.layers.kernels.ConvolutionProducts;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The measurement behind the convolution's choice of GEMM shapes ({@code ConvolutionProducts}; docs/fast-layers.md,
 * "Fewer passes over memory between layers, and GEMMs shaped for OpenBLAS"). Times the seed CNN's convolution
 * products as one chunk of the minibatch computes them (6 images for the first convolution, 4 for the second: the
 * cache budget's chunks), one BLAS thread: the forward product and the weight gradient over the whole chunk and one
 * image at a time, the weight gradient as {@code dz · matrixᵀ} and transposed ({@code matrix · dzᵀ}). Prints
 * microseconds of the thread's CPU time per image, best of 5 rounds. No arguments.
 */
public final class ConvolutionProductTiming {
    /** The buffers' owners, kept reachable: the memory is freed with them. */
    private static final List<FloatPointer> MEMORY = new ArrayList<>();
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ConvolutionProductTiming() {
    }

    public static void main(String[] args) {
        Nd4j.factory().blas().setMaxThreads(1);
        int filters = 32;
        shape("first convolution (9-element windows)", filters, 9, 726, 6);
        shape("second convolution (288-element windows)", filters, 288, 141, 4);
    }

    private static void shape(String name, int filters, int patch, int span, int images) {
        int columns = span * images;
        FloatBuffer w = random(filters * patch), matrix = random(patch * columns), dz = random(filters * columns);
        FloatBuffer z = random(filters * columns), dw = random(filters * patch);
        System.out.println(name + ", microseconds per image:");
        print("forward W·matrix, whole chunk", images,
                () -> Sgemm.multiply(false, false, filters, columns, patch, w, matrix, 0f, z));
        print("forward W·matrix, per image", images, () -> {
            for (int i = 0; i < images; i++) {
                Sgemm.multiply(false, false, filters, span, patch, w, patch, Sgemm.from(matrix, i * span), columns, 0f,
                        Sgemm.from(z, i * span), columns);
            }
        });
        int forwardBlock = ConvolutionProducts.blockColumns(filters, patch, columns);
        print("forward W·matrix, blocks of " + forwardBlock + " columns", images, () -> {
            for (int at = 0; at < columns; at += forwardBlock) {
                Sgemm.multiply(false, false, filters, Math.min(forwardBlock, columns - at), patch, w, patch,
                        Sgemm.from(matrix, at), columns, 0f, Sgemm.from(z, at), columns);
            }
        });
        print("input gradient Wᵀ·dz, whole chunk", images,
                () -> Sgemm.multiply(true, false, patch, columns, filters, w, dz, 0f, matrix));
        int inputBlock = ConvolutionProducts.blockColumns(patch, filters, columns);
        print("input gradient Wᵀ·dz, blocks of " + inputBlock + " columns", images, () -> {
            for (int at = 0; at < columns; at += inputBlock) {
                Sgemm.multiply(true, false, patch, Math.min(inputBlock, columns - at), filters, w, patch,
                        Sgemm.from(dz, at), columns, 0f, Sgemm.from(matrix, at), columns);
            }
        });
        print("weight gradient dz·matrixᵀ, whole chunk", images,
                () -> Sgemm.multiply(false, true, filters, patch, columns, dz, matrix, 0f, dw));
        print("weight gradient matrix·dzᵀ, whole chunk", images,
                () -> Sgemm.multiply(false, true, patch, filters, columns,
                        matrix, columns, dz, columns, 0f, dw, filters));
        print("weight gradient matrix·dzᵀ, per image", images, () -> {
            for (int i = 0; i < images; i++) {
                Sgemm.multiply(false, true, patch, filters, span, Sgemm.from(matrix, i * span), columns,
                        Sgemm.from(dz, i * span), columns, i == 0 ? 0f : 1f, dw, filters);
            }
        });
        int sumBlock = ConvolutionProducts.blockColumns(patch, filters, columns);
        print("weight gradient matrix·dzᵀ, sums of " + sumBlock + " columns", images, () -> {
            for (int at = 0; at < columns; at += sumBlock) {
                Sgemm.multiply(false, true, patch, filters, Math.min(sumBlock, columns - at), Sgemm.from(matrix, at),
                        columns, Sgemm.from(dz, at), columns, at == 0 ? 0f : 1f, dw, filters);
            }
        });
        print("weight gradient dz·matrixᵀ, sums of " + sumBlock + " columns", images, () -> {
            for (int at = 0; at < columns; at += sumBlock) {
                Sgemm.multiply(false, true, filters, patch, Math.min(sumBlock, columns - at), Sgemm.from(dz, at),
                        columns, Sgemm.from(matrix, at), columns, at == 0 ? 0f : 1f, dw, patch);
            }
        });
    }

    private static void print(String what, int images, Runnable product) {
        int calls = 4000 / images;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            // The thread's CPU time, not the wall clock: on a machine shared with other work, the time this thread
            // waited for a core would otherwise count.
            long start = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                product.run();
            }
            best = Math.min(best, (CPU.getCurrentThreadCpuTime() - start) / 1e3 / calls / images);
        }
        System.out.printf("  %-42s %6.1f%n", what, best);
    }

    private static FloatBuffer random(int length) {
        FloatPointer memory = new FloatPointer(length);
        MEMORY.add(memory);
        FloatBuffer b = memory.asBuffer();
        Random random = new Random(1);
        for (int i = 0; i < length; i++) {
            b.put(i, random.nextFloat());
        }
        return b;
    }
}
