package io.sparkcnn.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The size of every image of a dataset: height, width and colour channels (1: gray, 3: RGB). Everywhere in
 * spark-cnn an image's pixels are kept as channel planes, one {@code rows x cols} row-major plane after another
 * (red, green, blue), which is the order DL4J's convolutional input ({@code [n, channels, rows, cols]}) wants of a
 * flat row.
 */
public record ImageShape(int rows, int cols, int channels) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int GRAY = 1;
    public static final int RGB = 3;
    /** Longer sides than this are refused: a typo or a wrong file, not an image to train a CNN on here. */
    public static final int MAX_SIDE = 4096;
    /** MNIST and its relatives. */
    public static final ImageShape MNIST = new ImageShape(28, 28, GRAY);

    public ImageShape {
        List<String> problems = problems(rows, cols, channels);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** What is wrong with a height, width and channel count, if anything (for readers that name their file). */
    public static List<String> problems(long rows, long cols, long channels) {
        List<String> problems = new ArrayList<>();
        if (rows < 1 || rows > MAX_SIDE || cols < 1 || cols > MAX_SIDE) {
            problems.add("images of " + rows + "x" + cols + " pixels: expected 1 to " + MAX_SIDE + " each way");
        }
        if (channels != GRAY && channels != RGB) {
            problems.add(channels + " channels: expected 1 (gray) or 3 (RGB)");
        }
        return problems;
    }

    /** Values per image: rows x cols x channels. */
    public int pixels() {
        return rows * cols * channels;
    }

    /** Values per channel plane. */
    public int planeSize() {
        return rows * cols;
    }

    /** "28x28 gray", "32x32 RGB": for messages and logs. */
    public String describe() {
        return rows + "x" + cols + (channels == GRAY ? " gray" : " RGB");
    }

    @Override
    public String toString() {
        return describe();
    }
}
