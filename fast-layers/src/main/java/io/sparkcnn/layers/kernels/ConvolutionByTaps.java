package io.sparkcnn.layers.kernels;

import java.nio.FloatBuffer;
import java.util.Arrays;

import io.sparkcnn.layers.cpu.BlasKernel;
import io.sparkcnn.layers.cpu.NativeFloats;
import io.sparkcnn.layers.cpu.Sgemm;

/**
 * A convolution in the wide layout (stride 1, no padding) tap by tap, without a window matrix: one product per kernel
 * tap over the whole chunk, each accumulated onto the last ({@code beta = 1}), whose right operand is a plain array
 * read from the tap's offset. The filter responses are {@code z = Σ_taps W_tap · shift_tap(x)} ({@link #responses}:
 * W_tap filters × channels, x the chunk's input with its images side by side per channel), and the input gradient is
 * the full correlation of the output gradient with the flipped kernel, {@code dx = Σ_taps W'_tap · shift_tap(dz)}
 * ({@link #inputGradient}: W'_tap channels × filters, dz zero-padded).
 *
 * <p>Why: an im2col matrix copies every input 9 times (3x3) before one product with it, and col2im adds each of its
 * rows back onto the input; here the copies are one of x or dz per chunk, and the products, each within the
 * small-matrix kernels' bound, write z or dx in place. Measured on the seed CNN's second convolution (32 → 32 channels,
 * 3x3 on 13x13, 4-image chunks, one thread, µs of CPU an image; measurements module): the input gradient 33.8 with
 * {@code Wᵀ · dz} and col2im, 18.7 tap by tap ({@code InputGradientTiming}); the forward pass 22.1 with im2col,
 * 17.3 tap by tap, though its products cover every position of the input's planes (169 columns an image against the
 * wide layout's 141). With Haswell's kernel, which lacks the small-matrix kernels, the input gradient ran 0.88x, so
 * only kernels with them go tap by tap; so do only layers of at least {@link #MIN_CHANNELS} channels in and out (a
 * product over one channel per tap, the first layer's, would be all overhead). The weight gradient stays a product
 * with the window matrix: tap by tap (filters × channels per tap, over 676 columns) it was slower, 23.7 against 20.7.
 *
 * <p>Layouts: per channel (or filter) one row holding the chunk's images side by side, each an h × w plane with
 * pitch w; column {@code i·h·w + y·w + x} of a product is output (image i, y, x), and tap (ky, kx) reads its row at
 * {@code + ky·w + kx} (forward) or {@code - ((kh - 1 - ky)·w + kw - 1 - kx)} (input gradient). Forward, outputs with
 * x ≥ ow or y ≥ oh read past their window (into the next row or plane) and are not read. For the input gradient dz
 * sits at each plane's start as its wide-layout run ((oh - 1)·w + ow long, zero in its columns ox ≥ ow) after
 * {@code lead = (kh - 1)·w + kw - 1} zeros: reads past a row's end land in those zero columns, reads above the first
 * row in the previous plane's zero tail ({@code h·w - run = lead} floats) or the lead. Only the runs are ever written,
 * so the zeros are laid once per layout. One per worker (seed CNN, second convolution: 32 × 704 floats, twice, and
 * 32 × 676 of product; 270 KB).
 */
public final class ConvolutionByTaps {
    /** The fewest channels in and out a layer goes tap by tap with (each tap's product sums over them). */
    static final int MIN_CHANNELS = 16;

    private final NativeFloats inputMemory = new NativeFloats();
    private final NativeFloats gradientMemory = new NativeFloats();
    private final NativeFloats productMemory = new NativeFloats();
    private FloatBuffer input;
    private FloatBuffer gradient;
    private FloatBuffer product;
    /** Filters, kh, kw, h, w, channels and images per chunk of the layout the zeros were laid for. */
    private int[] layout = new int[0];
    private int rowLength;

    /** Whether a layer of geometry {@code g} and {@code filters} filters goes tap by tap. */
    public static boolean covers(ConvGeometry g, int filters) {
        return covers(g, filters, BlasKernel.smallKernels());
    }

    static boolean covers(ConvGeometry g, int filters, boolean smallKernels) {
        return g.wide() && smallKernels && g.c() >= MIN_CHANNELS && filters >= MIN_CHANNELS;
    }

    /** DL4J's weights [filter][channel][ky][kx] as the forward taps' matrices, [tap][filter][channel]. */
    public static float[] forwardWeights(float[] w, int filters, ConvGeometry g) {
        return arranged(w, filters, g, 0, filters * g.c(), g.c(), 1);
    }

    /**
     * The same as the input gradient's taps' matrices, [tap][channel][filter], tap {@code ky·kw + kx} holding
     * {@code W[filter][channel][kh - 1 - ky][kw - 1 - kx]}.
     */
    public static float[] gradientWeights(float[] w, int filters, ConvGeometry g) {
        int taps = g.kh() * g.kw();
        return arranged(w, filters, g, (taps - 1) * g.c() * filters, -g.c() * filters, 1, filters);
    }

    /**
     * Weight (tap, filter, channel) placed at {@code first + tap · perTap + filter · perFilter + channel · perChannel}:
     * plain strides, so that the loop compiles to index arithmetic (a placement function per weight cost ~0.4 % of
     * a seed-CNN step).
     */
    private static float[] arranged(float[] w, int filters, ConvGeometry g, int first, int perTap, int perFilter,
                                    int perChannel) {
        int taps = g.kh() * g.kw(), channels = g.c();
        float[] out = new float[taps * filters * channels];
        for (int f = 0, from = 0; f < filters; f++) {
            for (int c = 0; c < channels; c++) {
                for (int t = 0, to = first + f * perFilter + c * perChannel; t < taps; t++, from++, to += perTap) {
                    out[to] = w[from];
                }
            }
        }
        return out;
    }

    /**
     * The chunk's filter responses, from {@code x} (the whole minibatch's input, NCHW): returns the product,
     * [filter][images · h·w], output (image i, oy, ox) of a filter at column {@code i·h·w + oy·w + ox}.
     * {@code taps}: {@link #forwardWeights} in off-heap memory; {@code chunkImages}: the most images a chunk has.
     */
    public FloatBuffer responses(ConvGeometry g, ImageChunk chunk, int chunkImages, int filters, FloatBuffer taps,
                                 FloatBuffer x) {
        prepare(g, filters, chunkImages);
        int plane = g.h() * g.w(), channels = g.c(), images = chunk.images();
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < images; i++) {
                input.put(c * rowLength + i * plane, x, ((chunk.first() + i) * channels + c) * plane, plane);
            }
        }
        products(filters, channels, images * plane, taps, input, (ky, kx) -> ky * g.w() + kx, g);
        return product;
    }

    /**
     * The chunk's images of the input gradient into {@code dx} (NCHW, the whole minibatch's array), from {@code dz}:
     * the chunk's output gradient in the wide layout, [filter][columns of the chunk], zero in its unread columns.
     * {@code taps}: {@link #gradientWeights} in off-heap memory; {@code chunkImages}: the most images a chunk has.
     */
    public void inputGradient(ConvGeometry g, ImageChunk chunk, int chunkImages, int filters, FloatBuffer taps,
                              FloatBuffer dz, float[] dx) {
        prepare(g, filters, chunkImages);
        int plane = g.h() * g.w(), span = g.columnsPerImage(), columns = chunk.columns(g), images = chunk.images();
        int lead = lead(g);
        for (int f = 0; f < filters; f++) {
            for (int i = 0; i < images; i++) {
                gradient.put(f * rowLength + lead + i * plane, dz, f * columns + i * span, span);
            }
        }
        int n = images * plane, channels = g.c();
        products(channels, filters, n, taps, gradient,
                (ky, kx) -> lead - ((g.kh() - 1 - ky) * g.w() + g.kw() - 1 - kx), g);
        int perImage = g.inputPerImage();
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < images; i++) {
                product.get(c * n + i * plane, dx, (chunk.first() + i) * perImage + c * plane, plane);
            }
        }
    }

    /** Where tap (ky, kx) reads its operand's rows. */
    private interface TapOffset {
        int of(int ky, int kx);
    }

    /** {@code product[m][n] = Σ_taps taps[tap] (m × k) · operand rows read from the tap's offset (k × n)}. */
    private void products(int m, int k, int n, FloatBuffer taps, FloatBuffer operand, TapOffset offset,
                          ConvGeometry g) {
        int block = ConvolutionProducts.blockColumns(m, k, n);
        for (int ky = 0, t = 0; ky < g.kh(); ky++) {
            for (int kx = 0; kx < g.kw(); kx++, t++) {
                int from = offset.of(ky, kx);
                FloatBuffer tap = Sgemm.from(taps, t * m * k);
                for (int at = 0; at < n; at += block) {
                    Sgemm.multiply(false, false, m, Math.min(block, n - at), k, tap, k,
                            Sgemm.from(operand, from + at), rowLength, t == 0 ? 0f : 1f, Sgemm.from(product, at), n);
                }
            }
        }
    }

    private static int lead(ConvGeometry g) {
        return (g.kh() - 1) * g.w() + g.kw() - 1;
    }

    /** Sizes the buffers for chunks of {@code chunkImages} images, laying the zeros when the layout changes. */
    private void prepare(ConvGeometry g, int filters, int chunkImages) {
        int[] now = {filters, g.kh(), g.kw(), g.h(), g.w(), g.c(), chunkImages};
        if (Arrays.equals(now, layout)) {
            return;
        }
        int plane = g.h() * g.w();
        // The lead before the input gradient's first plane; after the forward pass's last, room for its overreach.
        rowLength = lead(g) + chunkImages * plane;
        int rows = Math.max(filters, g.c());
        input = inputMemory.ensure(rows * rowLength);
        input.put(0, new float[rows * rowLength], 0, rows * rowLength);
        gradient = gradientMemory.ensure(rows * rowLength);
        gradient.put(0, new float[rows * rowLength], 0, rows * rowLength);
        product = productMemory.ensure(rows * chunkImages * plane);
        layout = now;
    }
}
