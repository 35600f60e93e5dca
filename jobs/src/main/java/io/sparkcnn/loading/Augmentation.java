package io.sparkcnn.loading;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.sparkcnn.data.ImageShape;
import io.sparkcnn.settings.SettingProblem;

/**
 * Random changes to each training image, new ones every epoch, so the network sees more variety than the 60,000
 * images hold: a shift by up to {@code maxShift} pixels in each direction (the uncovered border is background, 0)
 * and, with {@code flip}, a left-right mirror half of the time. Flipping suits Fashion-MNIST's clothes, not digits.
 * Test images are never changed.
 *
 * @param maxShift largest shift in pixels, each of x and y drawn uniformly from [-maxShift, maxShift] (0: none)
 * @param flip     mirror each image left-right with probability 1/2
 */
public record Augmentation(int maxShift, boolean flip) implements java.io.Serializable {
    public static final Augmentation NONE = new Augmentation(0, false);
    /** Larger shifts push MNIST's 20x20 digit boxes out of their 28x28 frames. */
    public static final int MAX_SHIFT = 4;

    public boolean isNone() {
        return maxShift == 0 && !flip;
    }

    /** Each invalid field, named as its option. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        if (maxShift < 0 || maxShift > MAX_SHIFT) {
            problems.add(new SettingProblem("augment-shift", "must be between 0 and " + MAX_SHIFT + " pixels, was "
                    + maxShift));
        }
        return problems;
    }

    /**
     * Changes the image at {@code pixels[offset, offset + shape.pixels())} (channel planes) in place, every channel
     * alike, using {@code scratch} (at least one plane long).
     */
    void apply(float[] pixels, int offset, ImageShape shape, SplittableRandom random, float[] scratch) {
        int dy = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
        int dx = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
        boolean mirror = flip && random.nextBoolean();
        if (dy != 0 || dx != 0 || mirror) {
            for (int c = 0; c < shape.channels(); c++) {
                transform(pixels, offset + c * shape.planeSize(), shape.rows(), shape.cols(), dy, dx, mirror,
                        scratch);
            }
        }
    }

    /**
     * Moves the image's content {@code dy} rows down and {@code dx} columns right (negative: up, left), after
     * mirroring it left-right if {@code mirror}; what comes in from outside the frame is background (0).
     */
    static void transform(float[] pixels, int offset, int rows, int cols, int dy, int dx, boolean mirror,
                          float[] scratch) {
        System.arraycopy(pixels, offset, scratch, 0, rows * cols);
        for (int r = 0; r < rows; r++) {
            int fromRow = r - dy;
            for (int c = 0; c < cols; c++) {
                int shiftedCol = c - dx;
                int fromCol = mirror ? cols - 1 - shiftedCol : shiftedCol;
                boolean inside = fromRow >= 0 && fromRow < rows && fromCol >= 0 && fromCol < cols;
                pixels[offset + r * cols + c] = inside ? scratch[fromRow * cols + fromCol] : 0f;
            }
        }
    }

    /** For logs and the run's provenance: "none", "shift 2", "shift 2, flip". */
    public String describe() {
        if (isNone()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (maxShift > 0) {
            parts.add("shift " + maxShift);
        }
        if (flip) {
            parts.add("flip");
        }
        return String.join(", ", parts);
    }
}
