package io.sparkcnn.measurements;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.sparkcnn.layers.kernels.ConvGeometry;
import io.sparkcnn.layers.kernels.ConvolutionProducts;
import io.sparkcnn.layers.kernels.Im2col;
import io.sparkcnn.layers.kernels.ImageChunk;
import io.sparkcnn.layers.kernels.ConvolutionByTaps;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seed CNN's second convolution's input gradient for one cache-sized chunk of 4 images, one BLAS thread, both ways
 * the fast layer computes it: {@code Wᵀ · dz} folded back onto the input by col2im ({@code Im2col.accumulate}; other
 * geometries, other OpenBLAS kernels), and tap by tap from the zero-padded dz ({@code ConvolutionByTaps}). The two
 * alternate round by round; prints µs of the thread's CPU time per image for each round and the medians, and the
 * largest difference between their results. Argument: rounds (default 9). Run it with
 * {@code SPARK_CNN_OPENBLAS_CORETYPE=SkylakeX} or {@code Haswell} to compare kernels.
 */
public final class InputGradientTiming {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int CALLS = 1000;
    /** The buffers' owners, kept reachable: the memory is freed with them. */
    private static final List<FloatPointer> MEMORY = new ArrayList<>();

    private InputGradientTiming() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Nd4j.factory().blas().setMaxThreads(1);
        int filters = 32;
        ConvGeometry g = new ConvGeometry(4, 32, 13, 13, 3, 3, 1, 1, 0, 0);
        ImageChunk chunk = new ImageChunk(0, g.n());
        int columns = chunk.columns(g), patch = g.patch();
        Random random = new Random(1);
        float[] weights = new float[filters * patch];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextFloat() - 0.5f;
        }
        FloatBuffer w = offHeap(weights);
        FloatBuffer taps = offHeap(ConvolutionByTaps.gradientWeights(weights, filters, g));
        FloatBuffer dz = offHeap(outputGradient(g, filters, columns, random));
        FloatBuffer matrix = offHeap(new float[patch * columns]);
        float[] viaCol2im = new float[g.inputLength()];
        float[] viaTaps = new float[g.inputLength()];
        ConvolutionByTaps byTaps = new ConvolutionByTaps();
        Runnable col2im = () -> {
            ConvolutionProducts.windowGradients(g, chunk, filters, w, dz, matrix);
            Im2col.accumulate(matrix, g, chunk, viaCol2im, chunk.first(), chunk.end());
        };
        Runnable tapByTap = () -> byTaps.inputGradient(g, chunk, g.n(), filters, taps, dz, viaTaps);
        double[] old = new double[rounds];
        double[] now = new double[rounds];
        System.out.println("second convolution's input gradient, µs of thread CPU per image (Wᵀ·dz + col2im"
                + " | tap by tap)");
        for (int round = 0; round < rounds; round++) {
            old[round] = time(col2im, g.n());
            now[round] = time(tapByTap, g.n());
            System.out.printf("  round %d: %6.2f | %6.2f%n", round + 1, old[round], now[round]);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < viaCol2im.length; i++) {
            diff = Math.max(diff, Math.abs(viaCol2im[i] - viaTaps[i]));
            scale = Math.max(scale, Math.abs(viaCol2im[i]));
        }
        System.out.printf("median: %.2f | %.2f (%.2fx); largest difference %.2e of %.2e%n", median(old),
                median(now), median(old) / median(now), diff, scale);
    }

    /** A wide-layout dz: random at every output column, zero in the unread ones, [filter][chunk columns]. */
    private static float[] outputGradient(ConvGeometry g, int filters, int columns, Random random) {
        float[] dz = new float[filters * columns];
        int[] column = Im2col.outputColumns(g);
        for (int f = 0; f < filters; f++) {
            for (int n = 0; n < g.n(); n++) {
                for (int at : column) {
                    dz[f * columns + n * g.columnsPerImage() + at] = random.nextFloat() - 0.5f;
                }
            }
        }
        return dz;
    }

    private static double time(Runnable body, int images) {
        // The thread's CPU time, not the wall clock: on a machine shared with other work, the time this thread waited
        // for a core would otherwise count.
        long start = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < CALLS; i++) {
            body.run();
        }
        return (CPU.getCurrentThreadCpuTime() - start) / 1e3 / CALLS / images;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Off-heap floats holding {@code values}. */
    private static FloatBuffer offHeap(float[] values) {
        FloatPointer memory = new FloatPointer(values.length);
        MEMORY.add(memory);
        FloatBuffer b = memory.asBuffer();
        b.put(0, values, 0, values.length);
        return b;
    }
}
