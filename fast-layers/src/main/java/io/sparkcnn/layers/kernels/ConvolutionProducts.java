package io.sparkcnn.layers.kernels;

import java.nio.FloatBuffer;

import io.sparkcnn.layers.cpu.BlasKernel;
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
     * {@code z = W · matrix}: every filter's response at every window of the chunk. With small-matrix kernels in
     * blocks of columns cut to their size ({@link #blockColumns}), else in one GEMM.
     */
    public static void filterResponses(ConvGeometry g, ImageChunk chunk, int filters, FloatBuffer w,
                                       FloatBuffer matrix, FloatBuffer z) {
        int columns = chunk.columns(g), patch = g.patch();
        int block = blockColumns(filters, patch, columns);
        for (int at = 0; at < columns; at += block) {
            Sgemm.multiply(false, false, filters, Math.min(block, columns - at), patch, w, patch,
                    Sgemm.from(matrix, at), columns, 0f, Sgemm.from(z, at), columns);
        }
    }

    /**
     * {@code matrix = W^T · dz}: the window matrix's gradient, before it is folded back onto the input. Cut into
     * blocks of columns as {@link #filterResponses} is.
     */
    public static void windowGradients(ConvGeometry g, ImageChunk chunk, int filters, FloatBuffer w, FloatBuffer dz,
                                       FloatBuffer matrix) {
        int columns = chunk.columns(g), patch = g.patch();
        int block = blockColumns(patch, filters, columns);
        for (int at = 0; at < columns; at += block) {
            Sgemm.multiply(true, false, patch, Math.min(block, columns - at), filters, w, patch,
                    Sgemm.from(dz, at), columns, 0f, Sgemm.from(matrix, at), columns);
        }
    }

    /**
     * Columns per product for an m×k by k×columns product whose columns are independent: all of them, or with
     * small-matrix kernels ({@link BlasKernel}) equal blocks as wide as those kernels take (the seed CNN's second
     * convolution: 6 blocks of 94 for a 4-image chunk, forward 1.3x faster than one product).
     */
    public static int blockColumns(int m, int k, int columns) {
        return blockColumns(m, k, columns, BlasKernel.smallKernels());
    }

    static int blockColumns(int m, int k, int columns, boolean smallKernels) {
        if (!smallKernels) {
            return columns;
        }
        long widest = Math.max(1, BlasKernel.SMALL_PRODUCT / ((long) m * k));
        long blocks = (columns + widest - 1) / widest;
        return (int) ((columns + blocks - 1) / blocks);
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
        if (!BlasKernel.smallKernels() || !smallProduct(patch, filters, span)) {
            Sgemm.multiply(false, true, patch, filters, columns, matrix, columns, dz, columns, 0f, dwT, filters);
            return;
        }
        for (int i = 0; i < chunk.images(); i++) {
            Sgemm.multiply(false, true, patch, filters, span, Sgemm.from(matrix, i * span), columns,
                    Sgemm.from(dz, i * span), columns, i == 0 ? 0f : 1f, dwT, filters);
        }
    }

    /**
     * Whether an m×k by k×n product is within OpenBLAS's small-matrix bound ({@link BlasKernel#SMALL_PRODUCT}),
     * where it skips packing. The seed CNN's first convolution (9-element windows) ran its weight gradient per image
     * 3.3x faster than over a whole chunk (BENCHMARKS.md).
     */
    private static boolean smallProduct(int m, int n, int k) {
        return (long) m * n * k <= BlasKernel.SMALL_PRODUCT;
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
     * into DL4J's [filter][patch] layout ({@code dw}) and the bias ({@code biasSums}). They are summed in their own
     * layout first, in loops the JIT vectorises, and transposed once: the same additions in the same order as adding
     * each chunk into {@code dw} through the transposition, which cost ~1 % of a seed-CNN step.
     */
    public static void addChunkGradients(NativeFloats[] chunkGradients, int chunks, int patch, int filters,
                                         float[] dw, float[] biasSums) {
        int length = (patch + 1) * filters;
        float[] sums = new float[length], rows = new float[length];
        for (int k = 0; k < patch; k++) {
            for (int f = 0; f < filters; f++) {
                sums[k * filters + f] = dw[f * patch + k];
            }
        }
        for (int f = 0; f < filters; f++) {
            sums[patch * filters + f] = biasSums[f];
        }
        for (int task = 0; task < chunks; task++) {
            chunkGradients[task].ensure(length).get(0, rows, 0, length);
            for (int i = 0; i < length; i++) {
                sums[i] += rows[i];
            }
        }
        for (int k = 0; k < patch; k++) {
            for (int f = 0; f < filters; f++) {
                dw[f * patch + k] = sums[k * filters + f];
            }
        }
        System.arraycopy(sums, patch * filters, biasSums, 0, filters);
    }
}
