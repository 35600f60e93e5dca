package io.sparkcnn.layers.kernels;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * im2col and its adjoint for a chunk of a minibatch, in the layout one GEMM wants: a dense row-major matrix with a
 * row per (channel, ky, kx) and {@link ConvGeometry#columnsPerImage} columns per image of the chunk. In the wide
 * layout (stride 1, no padding) an image's part of a row is one bulk copy of its input plane; otherwise it is
 * assembled output row by output row in a Java array and moved to or from the off-heap matrix in one bulk copy.
 * Each call handles images [from, to) of the chunk.
 */
public final class Im2col {
    private Im2col() {
    }

    /** The compact layout, from a Java copy of the input. */
    public static void expand(float[] x, ConvGeometry g, ImageChunk chunk, FloatBuffer col, int from, int to) {
        if (g.wide()) {
            throw new IllegalArgumentException("the wide layout is expanded from the input's memory: expandWide");
        }
        int oh = g.oh(), ow = g.ow(), p = g.p(), columns = chunk.columns(g);
        float[] segment = new float[p];
        for (int n = from; n < to; n++) {
            for (int c = 0; c < g.c(); c++) {
                int plane = (n * g.c() + c) * g.h() * g.w();
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        for (int oy = 0, out = 0; oy < oh; oy++, out += ow) {
                            int iy = oy * g.sy() + ky - g.py();
                            if (iy < 0 || iy >= g.h()) {
                                Arrays.fill(segment, out, out + ow, 0f);
                            } else {
                                copyRow(x, plane + iy * g.w(), g, kx, segment, out, ow);
                            }
                        }
                        int row = (c * g.kh() + ky) * g.kw() + kx;
                        col.put(row * columns + (n - chunk.first()) * p, segment, 0, p);
                    }
                }
            }
        }
    }

    /** The wide layout, each run one copy from the input's own (off-heap) memory to the matrix's. */
    public static void expandWide(FloatBuffer x, ConvGeometry g, ImageChunk chunk, FloatBuffer col, int from, int to) {
        int span = g.columnsPerImage(), columns = chunk.columns(g);
        for (int n = from; n < to; n++) {
            for (int c = 0; c < g.c(); c++) {
                int plane = (n * g.c() + c) * g.h() * g.w();
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int row = (c * g.kh() + ky) * g.kw() + kx;
                        col.put(row * columns + (n - chunk.first()) * span, x, plane + ky * g.w() + kx, span);
                    }
                }
            }
        }
    }

    /** Input row → one output row of a window-matrix segment: ix = ox * sx + kx - px, zero outside the image. */
    private static void copyRow(float[] x, int rowStart, ConvGeometry g, int kx, float[] segment, int out, int ow) {
        int shift = kx - g.px();
        if (g.sx() == 1 && shift >= 0 && shift + ow <= g.w()) {
            // The whole row lies inside the image (always so without padding). A plain loop: rows are short
            // (11-28 elements) and System.arraycopy's call costs more than the copy.
            int from = rowStart + shift;
            for (int ox = 0; ox < ow; ox++) {
                segment[out + ox] = x[from + ox];
            }
            return;
        }
        if (g.sx() == 1) {
            // [lo, hi): the outputs whose input column lies inside the image (empty when the kernel overhangs it).
            int lo = Math.min(ow, Math.max(0, -shift));
            int hi = Math.max(lo, Math.min(ow, g.w() - shift));
            Arrays.fill(segment, out, out + lo, 0f);
            if (hi > lo) {
                System.arraycopy(x, rowStart + lo + shift, segment, out + lo, hi - lo);
            }
            Arrays.fill(segment, out + Math.max(hi, lo), out + ow, 0f);
            return;
        }
        for (int ox = 0; ox < ow; ox++) {
            int ix = ox * g.sx() + shift;
            segment[out + ox] = ix >= 0 && ix < g.w() ? x[rowStart + ix] : 0f;
        }
    }

    /**
     * The adjoint: sums each window-matrix entry back into its input pixel. Zeroes dx for images [from, to) first.
     * In the wide layout the unread columns must hold zeros (they do when the matrix is W^T times a gradient that
     * is zero there): they are added too, onto pixels that the run straddles.
     */
    public static void accumulate(FloatBuffer col, ConvGeometry g, ImageChunk chunk, float[] dx, int from, int to) {
        int planeSize = g.h() * g.w();
        Arrays.fill(dx, from * g.c() * planeSize, to * g.c() * planeSize, 0f);
        if (g.wide()) {
            accumulateWide(col, g, chunk, dx, from, to);
            return;
        }
        int oh = g.oh(), ow = g.ow(), p = g.p(), columns = chunk.columns(g);
        float[] segment = new float[p];
        for (int n = from; n < to; n++) {
            for (int c = 0; c < g.c(); c++) {
                int plane = (n * g.c() + c) * planeSize;
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int row = (c * g.kh() + ky) * g.kw() + kx;
                        col.get(row * columns + (n - chunk.first()) * p, segment, 0, p);
                        int shift = kx - g.px();
                        for (int oy = 0, in = 0; oy < oh; oy++, in += ow) {
                            int iy = oy * g.sy() + ky - g.py();
                            if (iy >= 0 && iy < g.h()) {
                                addRow(segment, in, g, shift, dx, plane + iy * g.w(), ow);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Copies one image's outputs of one filter from a GEMM product with the window matrix's columns (starting at
     * {@code at}) to {@code dest[destAt, destAt + p)}, row by row. {@code run} holds {@code columnsPerImage} floats.
     */
    public static void readOutputs(FloatBuffer product, int at, ConvGeometry g, float[] dest, int destAt, float[] run) {
        if (!g.wide()) {
            product.get(at, dest, destAt, g.p());
            return;
        }
        product.get(at, run, 0, g.columnsPerImage());
        int oh = g.oh(), ow = g.ow(), pitch = g.w(); // output (oy, ox) is column oy * w + ox
        for (int oy = 0; oy < oh; oy++) {
            System.arraycopy(run, oy * pitch, dest, destAt + oy * ow, ow);
        }
    }

    /** For each output position (oy * ow + ox) of an image, its column in the image's run of the window matrix. */
    public static int[] outputColumns(ConvGeometry g) {
        int[] column = new int[g.p()];
        int pitch = g.wide() ? g.w() : g.ow();
        for (int oy = 0, at = 0; oy < g.oh(); oy++) {
            for (int ox = 0; ox < g.ow(); ox++, at++) {
                column[at] = oy * pitch + ox;
            }
        }
        return column;
    }

    /**
     * The reverse of {@link #readOutputs}: {@code src[srcAt, srcAt + p)} into the product's columns from {@code at},
     * zeros in the unread ones. {@code run} holds {@code columnsPerImage} floats and zeros wherever no output goes:
     * a fresh array used only here keeps them, as only output columns are ever written to it.
     */
    public static void writeOutputs(float[] src, int srcAt, ConvGeometry g, FloatBuffer product, int at, float[] run) {
        if (!g.wide()) {
            product.put(at, src, srcAt, g.p());
            return;
        }
        int oh = g.oh(), ow = g.ow(), pitch = g.w(); // output (oy, ox) is column oy * w + ox
        for (int oy = 0; oy < oh; oy++) {
            System.arraycopy(src, srcAt + oy * ow, run, oy * pitch, ow);
        }
        product.put(at, run, 0, g.columnsPerImage());
    }

    private static void accumulateWide(FloatBuffer col, ConvGeometry g, ImageChunk chunk, float[] dx, int from,
                                       int to) {
        int span = g.columnsPerImage(), columns = chunk.columns(g);
        float[] segment = new float[span];
        for (int n = from; n < to; n++) {
            for (int c = 0; c < g.c(); c++) {
                int plane = (n * g.c() + c) * g.h() * g.w();
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int row = (c * g.kh() + ky) * g.kw() + kx;
                        col.get(row * columns + (n - chunk.first()) * span, segment, 0, span);
                        int at = plane + ky * g.w() + kx;
                        for (int i = 0; i < span; i++) {
                            dx[at + i] += segment[i];
                        }
                    }
                }
            }
        }
    }

    private static void addRow(float[] segment, int in, ConvGeometry g, int shift, float[] dx, int rowStart, int ow) {
        if (g.sx() == 1) {
            int lo = Math.max(0, -shift);
            int hi = Math.min(ow, g.w() - shift);
            int at = rowStart + shift;
            for (int ox = lo; ox < hi; ox++) {
                dx[at + ox] += segment[in + ox];
            }
            return;
        }
        for (int ox = 0; ox < ow; ox++) {
            int ix = ox * g.sx() + shift;
            if (ix >= 0 && ix < g.w()) {
                dx[rowStart + ix] += segment[in + ox];
            }
        }
    }
}
