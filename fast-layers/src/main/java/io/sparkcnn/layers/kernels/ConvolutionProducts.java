package io.sparkcnn.layers.kernels;

import java.nio.FloatBuffer;

import io.sparkcnn.layers.cpu.NativeFloats;
import io.sparkcnn.layers.cpu.Sgemm;

/**
 * A convolution's products over one chunk of the minibatch ({@link ImageChunk}): the window matrix, the filter
 * responses {@code W · matrix}, the weight gradient {@code matrix · dz^T}, and the chunks' weight gradients added up.
 * Which GEMM shapes they use was measured ({@code ConvolutionProductTiming} in the measurements module).
 */
public final class ConvolutionProducts {
    private ConvolutionProducts() {
    }

    /**
     * {@code z = W · matrix}: every filter's response at every window of the chunk. In one GEMM, or one per image when
     * an image's product is small enough for OpenBLAS's small-matrix kernels ({@link #smallProduct}).
     */
    public static void filterResponses(ConvGeometry g, ImageChunk chunk, int filters, FloatBuffer w,
                                       FloatBuffer matrix, FloatBuffer z) {
        int span = g.columnsPerImage(), columns = chunk.columns(g), patch = g.patch();
        if (!smallProduct(filters, span, patch)) {
            Sgemm.multiply(false, false, filters, columns, patch, w, matrix, 0f, z);
            return;
        }
        for (int i = 0; i < chunk.images(); i++) {
            Sgemm.multiply(false, false, filters, span, patch, w, patch, Sgemm.from(matrix, i * span), columns, 0f,
                    Sgemm.from(z, i * span), columns);
        }
    }

    /**
     * {@code dwT = matrix · dz^T}, the chunk's share, over the matrix's {@code patch + 1} rows
     * (the last one all ones, giving the bias gradient): the weight gradient, transposed, which OpenBLAS computed 1.3x
     * faster than {@code dz · matrix^T} for the seed CNN's second convolution (its first: 3.3x, with one product per
     * image); see {@link #smallProduct}.
     */
    public static void weightGradientProduct(ConvGeometry g, ImageChunk chunk, int filters, FloatBuffer matrix,
                                             FloatBuffer dz, FloatBuffer dwT) {
        int span = g.columnsPerImage(), columns = chunk.columns(g), patch = g.patch() + 1;
        if (!smallProduct(patch, filters, span)) {
            Sgemm.multiply(false, true, patch, filters, columns, matrix, columns, dz, columns, 0f, dwT, filters);
            return;
        }
        for (int i = 0; i < chunk.images(); i++) {
            Sgemm.multiply(false, true, patch, filters, span, Sgemm.from(matrix, i * span), columns,
                    Sgemm.from(dz, i * span), columns, i == 0 ? 0f : 1f, dwT, filters);
        }
    }

    /**
     * Whether an m×k by k×n product is within OpenBLAS's small-matrix bound (m·n·k ≤ 10^6, its SkylakeX kernels'),
     * where it skips packing. The seed CNN's first convolution (9-element windows) ran its products per image 2x
     * (forward) and 3.3x (weight gradient) faster than over a whole chunk (BENCHMARKS.md).
     */
    private static boolean smallProduct(int m, int n, int k) {
        return (long) m * n * k <= 1_000_000L;
    }

    /**
     * The chunk's window matrix: in the wide layout straight from the input's own memory (its runs are long enough
     * for bulk copies), otherwise from the Java copy of the input.
     */
    public static void windows(float[] in, FloatBuffer inputMemory, ConvGeometry g, ImageChunk chunk,
                               FloatBuffer matrix) {
        if (inputMemory != null) {
            Im2col.expandWide(inputMemory, g, chunk, matrix, chunk.first(), chunk.end());
        } else {
            Im2col.expand(in, g, chunk, matrix, chunk.first(), chunk.end());
        }
    }

    /**
     * The first {@code chunks} chunks' transposed weight-gradient sums, [patch + 1][filter] each, added in chunk order
     * into DL4J's [filter][patch] layout ({@code dw}) and the bias ({@code biasSums}).
     */
    public static void addChunkGradients(NativeFloats[] chunkGradients, int chunks, int patch, int filters,
                                         float[] dw, float[] biasSums) {
        float[] rows = new float[(patch + 1) * filters];
        for (int task = 0; task < chunks; task++) {
            chunkGradients[task].ensure(rows.length).get(0, rows, 0, rows.length);
            for (int k = 0; k < patch; k++) {
                for (int f = 0; f < filters; f++) {
                    dw[f * patch + k] += rows[k * filters + f];
                }
            }
            for (int f = 0; f < filters; f++) {
                biasSums[f] += rows[patch * filters + f];
            }
        }
    }
}
