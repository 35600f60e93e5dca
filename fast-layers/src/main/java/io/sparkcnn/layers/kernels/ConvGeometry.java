package io.sparkcnn.layers.kernels;

/**
 * The sizes of one 2-D convolution or pooling pass over an NCHW minibatch: n images of c channels, h×w, windows
 * kh×kw with strides sy, sx and zero padding py, px, giving oh×ow outputs per channel.
 */
public record ConvGeometry(int n, int c, int h, int w, int kh, int kw, int sy, int sx, int py, int px) {

    public static ConvGeometry of(long[] inputShape, int[] kernel, int[] stride, int[] padding) {
        return new ConvGeometry(Math.toIntExact(inputShape[0]), Math.toIntExact(inputShape[1]),
                Math.toIntExact(inputShape[2]), Math.toIntExact(inputShape[3]),
                kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]);
    }

    /** Output height: windows that fit entirely ("truncate" mode; padding counted). */
    public int oh() {
        return (h + 2 * py - kh) / sy + 1;
    }

    public int ow() {
        return (w + 2 * px - kw) / sx + 1;
    }

    /** Output positions per image and channel. */
    public int p() {
        return oh() * ow();
    }

    /**
     * Whether the window matrix is laid out "wide" (stride 1, no padding): an image's part of each matrix row is then
     * one contiguous run of its input plane, {@code (oh - 1) * w + ow} long, starting at {@code ky * w + kx}. Output
     * (oy, ox) is column {@code oy * w + ox}; the columns with {@code ox >= ow} straddle two input rows and hold
     * nothing anyone reads. Copying whole runs instead of rows of {@code ow} took im2col from a fifth of a replica's
     * time to a few percent, for 7-17 % more GEMM columns.
     */
    public boolean wide() {
        return sy == 1 && sx == 1 && py == 0 && px == 0;
    }

    /** Window-matrix columns per image: every output position, plus the wide layout's unread ones. */
    public int columnsPerImage() {
        return wide() ? (oh() - 1) * w + ow() : p();
    }

    /** Inputs per window: one row of the im2col matrix per (channel, ky, kx). */
    public int patch() {
        return c * kh * kw;
    }

    /** Input elements per image: its channels' planes. */
    public int inputPerImage() {
        return c * h * w;
    }

    public int inputLength() {
        return n * inputPerImage();
    }
}
