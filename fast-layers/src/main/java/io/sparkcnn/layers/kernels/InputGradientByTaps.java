package io.sparkcnn.layers.kernels;

import java.nio.FloatBuffer;
import java.util.Arrays;

import io.sparkcnn.layers.cpu.BlasKernel;
import io.sparkcnn.layers.cpu.NativeFloats;
import io.sparkcnn.layers.cpu.Sgemm;

/**
 * The input gradient of a convolution in the wide layout (stride 1, no padding) tap by tap, without col2im: the full
 * correlation of the output gradient with the flipped kernel, {@code dx = Σ_taps W_tap · shift_tap(dz)}, one product
 * per kernel tap over the whole chunk, each accumulated onto the last ({@code beta = 1}). {@code W_tap} is a
 * channels × filters matrix (DL4J's weight at the flipped tap); {@code shift_tap(dz)} is no matrix of its own but
 * dz itself, zero-padded once, read from another offset.
 *
 * <p>Why: {@code Wᵀ · dz} followed by col2im read and wrote each of the window matrix's 288 rows (seed CNN, second
 * convolution) back onto the input: 8.5 % of a replica's CPU. Building the padded dz's window matrix instead and one
 * product with it cost as many copies the other way. Here the copies are one of dz per chunk, and the products
 * (channels × filters × columns per tap, within the small-matrix kernels' bound) write dx in place.
 * {@code InputGradientTiming} (measurements): 33.8 µs of CPU an image the old way, 18.7 tap by tap, with SkylakeX's
 * small-matrix kernels; with Haswell's kernel, which lacks them, 47.6 against 50.1, so it is used only with them.
 *
 * <p>The layout: per filter one row of the chunk's images, each an h × w plane (pitch w, as the input's) holding its
 * dz run ((oh - 1)·w + ow long, zero in the columns ox ≥ ow that the wide layout leaves unread) at its start, after
 * {@code lead = (kh - 1)·w + kw - 1} zeros before the first plane. Output (image i, y, x) of tap (ky, kx) reads
 * dz(y - (kh - 1 - ky), x - (kw - 1 - kx)), i.e. plane position {@code i·h·w + y·w + x - shift}: reads past a row's
 * end land in the unread zero columns, reads above the first row in the previous plane's zero tail ({@code h·w -
 * run = lead} floats) or the lead. Only the runs are ever written, so the zeros are laid once per layout.
 *
 * <p>One per worker (the seed CNN's second convolution, chunks of 4 images: 32 × 704 floats padded, 32 × 676 of
 * product, 177 KB).
 */
public final class InputGradientByTaps {
    private final NativeFloats paddedMemory = new NativeFloats();
    private final NativeFloats productMemory = new NativeFloats();
    private FloatBuffer padded;
    private FloatBuffer product;
    /** Filters, kh, kw, h, w, channels and images per chunk of the layout the zeros were laid for. */
    private int[] layout = new int[0];
    private int rowLength;

    /** Whether the input gradient of {@code g} is computed so: the wide layout, with small-matrix kernels. */
    public static boolean covers(ConvGeometry g) {
        return g.wide() && BlasKernel.smallKernels();
    }

    /**
     * DL4J's weights [filter][channel][ky][kx] as the taps' matrices: [tap][channel][filter], tap {@code ky·kw + kx}
     * holding {@code W[filter][channel][kh - 1 - ky][kw - 1 - kx]}.
     */
    public static float[] tapWeights(float[] w, int filters, ConvGeometry g) {
        int taps = g.kh() * g.kw(), channels = g.c();
        float[] out = new float[taps * channels * filters];
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < channels; c++) {
                int from = (f * channels + c) * taps;
                for (int t = 0; t < taps; t++) {
                    out[((taps - 1 - t) * channels + c) * filters + f] = w[from + t];
                }
            }
        }
        return out;
    }

    /**
     * The chunk's images of the input gradient into {@code dx} (NCHW, the whole minibatch's array), from {@code dz}:
     * the chunk's output gradient in the wide layout, [filter][columns of the chunk], zero in its unread columns.
     * {@code taps}: {@link #tapWeights} in off-heap memory; {@code chunkImages}: the most images a chunk has.
     */
    public void chunk(ConvGeometry g, ImageChunk chunk, int chunkImages, int filters, FloatBuffer taps,
                      FloatBuffer dz, float[] dx) {
        int plane = g.h() * g.w(), span = g.columnsPerImage(), columns = chunk.columns(g), images = chunk.images();
        int lead = (g.kh() - 1) * g.w() + g.kw() - 1;
        prepare(g, filters, chunkImages, lead);
        for (int f = 0; f < filters; f++) {
            for (int i = 0; i < images; i++) {
                padded.put(f * rowLength + lead + i * plane, dz, f * columns + i * span, span);
            }
        }
        int n = images * plane, channels = g.c(), block = ConvolutionProducts.blockColumns(channels, filters, n);
        for (int ky = 0, t = 0; ky < g.kh(); ky++) {
            for (int kx = 0; kx < g.kw(); kx++, t++) {
                int from = lead - ((g.kh() - 1 - ky) * g.w() + g.kw() - 1 - kx);
                FloatBuffer tap = Sgemm.from(taps, t * channels * filters);
                for (int at = 0; at < n; at += block) {
                    Sgemm.multiply(false, false, channels, Math.min(block, n - at), filters, tap, filters,
                            Sgemm.from(padded, from + at), rowLength, t == 0 ? 0f : 1f, Sgemm.from(product, at), n);
                }
            }
        }
        int perImage = g.inputPerImage();
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < images; i++) {
                product.get(c * n + i * plane, dx, (chunk.first() + i) * perImage + c * plane, plane);
            }
        }
    }

    /** Sizes the buffers for chunks of {@code chunkImages} images, laying the zeros when the layout changes. */
    private void prepare(ConvGeometry g, int filters, int chunkImages, int lead) {
        int[] now = {filters, g.kh(), g.kw(), g.h(), g.w(), g.c(), chunkImages};
        if (Arrays.equals(now, layout)) {
            return;
        }
        int plane = g.h() * g.w();
        rowLength = lead + chunkImages * plane;
        int length = filters * rowLength;
        padded = paddedMemory.ensure(length);
        padded.put(0, new float[length], 0, length);
        product = productMemory.ensure(g.c() * chunkImages * plane);
        layout = now;
    }
}
