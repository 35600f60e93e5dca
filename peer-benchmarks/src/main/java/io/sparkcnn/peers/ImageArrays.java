package io.sparkcnn.peers;

import io.sparkcnn.data.LabeledImages;

import static io.sparkcnn.peers.SeedCnnShape.PIXELS;

/**
 * A dataset converted once, before any clock starts, to what both engines are fed: pixels as floats in [0, 1] and
 * labels as ints. Batches are then copies of rows, the only per-batch data work inside the timed loop.
 */
public final class ImageArrays {
    private final float[] pixels;
    private final int[] labels;

    private ImageArrays(float[] pixels, int[] labels) {
        this.pixels = pixels;
        this.labels = labels;
    }

    public static ImageArrays of(LabeledImages images) {
        if (images.rows() != SeedCnnShape.SIDE || images.cols() != SeedCnnShape.SIDE) {
            throw new IllegalArgumentException("the seed CNN takes 28x28 images, not " + images.rows() + "x"
                    + images.cols());
        }
        float[] pixels = new float[images.size() * PIXELS];
        for (int i = 0; i < images.size(); i++) {
            images.copyPixels(i, pixels, i * PIXELS);
        }
        return new ImageArrays(pixels, images.labels());
    }

    public int size() {
        return labels.length;
    }

    /** The examples {@code order[from]} .. {@code order[to - 1]}, copied into a new batch. */
    public Batch gather(int[] order, int from, int to) {
        int n = to - from;
        float[] batchPixels = new float[n * PIXELS];
        int[] batchLabels = new int[n];
        for (int i = 0; i < n; i++) {
            int example = order[from + i];
            System.arraycopy(pixels, example * PIXELS, batchPixels, i * PIXELS, PIXELS);
            batchLabels[i] = labels[example];
        }
        return new Batch(batchPixels, batchLabels);
    }

    /** The examples {@code from} .. {@code to - 1} in file order. */
    public Batch slice(int from, int to) {
        float[] batchPixels = java.util.Arrays.copyOfRange(pixels, from * PIXELS, to * PIXELS);
        return new Batch(batchPixels, java.util.Arrays.copyOfRange(labels, from, to));
    }
}
