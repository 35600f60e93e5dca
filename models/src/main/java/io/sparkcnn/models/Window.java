package io.sparkcnn.models;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.ConvolutionMode;

/**
 * Where a convolution or pooling window goes: its size, its stride, the zeros around the image and how DL4J sizes
 * the output ({@code Truncate}: explicit padding, what the fast layers compute; {@code Same}: DL4J pads itself).
 */
record Window(int[] kernel, int[] stride, int[] padding, ConvolutionMode mode) {
    Window {
        kernel = kernel.clone();
        stride = stride.clone();
        padding = padding.clone();
    }

    /** A square window of stride 1 with the same padding on every side. */
    static Window square(int kernel, int padding) {
        return new Window(new int[] {kernel, kernel}, new int[] {1, 1}, new int[] {padding, padding},
                ConvolutionMode.Truncate);
    }

    boolean unpadded() {
        return Arrays.stream(padding).allMatch(p -> p == 0);
    }

    @Override
    public int[] kernel() {
        return kernel.clone();
    }

    @Override
    public int[] stride() {
        return stride.clone();
    }

    @Override
    public int[] padding() {
        return padding.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Window w && Arrays.equals(kernel, w.kernel) && Arrays.equals(stride, w.stride)
                && Arrays.equals(padding, w.padding) && mode == w.mode;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(kernel) + Arrays.hashCode(stride)) + Arrays.hashCode(padding))
                + mode.hashCode();
    }

    @Override
    public String toString() {
        return "Window" + Arrays.toString(kernel) + " stride " + Arrays.toString(stride) + " padding "
                + Arrays.toString(padding) + " " + mode;
    }
}
