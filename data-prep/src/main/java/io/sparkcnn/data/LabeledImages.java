package io.sparkcnn.data;

import java.util.Arrays;

/**
 * A checked pairing of images and their labels: counts agree and every label is one of the dataset's classes.
 * Pixels are kept as the original bytes (a quarter of the memory of floats), as channel planes
 * ({@link ImageShape}), and scaled to [0, 1] when an image is asked for.
 */
public final class LabeledImages {
    /** The most classes a dataset may have. */
    public static final int MAX_CLASSES = 1000;

    private final ImageSet images;
    private final int[] labels;
    private final int numClasses;

    private LabeledImages(ImageSet images, int[] labels, int numClasses) {
        this.images = images;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /**
     * Pairs {@code images} with {@code labels} (read from {@code labelSource}); every label must be a class number
     * from 0 to {@code numClasses - 1}.
     */
    public static LabeledImages pair(ImageSet images, int[] labels, String labelSource, int numClasses) {
        if (numClasses < 2 || numClasses > MAX_CLASSES) {
            throw new DataException(labelSource + ": " + numClasses + " classes, expected 2 to " + MAX_CLASSES);
        }
        if (labels.length != images.count()) {
            throw new DataException(labelSource + ": holds " + labels.length + " labels but "
                    + images.source() + " holds " + images.count() + " images; the counts must match");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new DataException(labelSource + ": label " + labels[i] + " at index " + i
                        + " is not one of the dataset's classes 0-" + (numClasses - 1));
            }
        }
        return new LabeledImages(images, labels, numClasses);
    }

    /** Reads and pairs an IDX image file and an IDX label file. */
    public static LabeledImages read(java.nio.file.Path imageFile, java.nio.file.Path labelFile, int numClasses) {
        return pair(IdxReader.readImages(imageFile), IdxReader.readLabels(labelFile), labelFile.toString(),
                numClasses);
    }

    /** The same images, insisting on {@code expected} (the training images' shape, or a model's). */
    public LabeledImages expectShape(ImageShape expected, String expectedBecause) {
        if (!images.shape().equals(expected)) {
            throw new DataException(images.source() + ": images are " + images.shape().describe() + ", expected "
                    + expected.describe() + " (" + expectedBecause + ")");
        }
        return this;
    }

    public int size() {
        return labels.length;
    }

    public ImageShape shape() {
        return images.shape();
    }

    public int rows() {
        return images.rows();
    }

    public int cols() {
        return images.cols();
    }

    public int numClasses() {
        return numClasses;
    }

    /** Where the images came from, for messages. */
    public String source() {
        return images.source();
    }

    public int label(int index) {
        return labels[index];
    }

    /** All labels, in file order. */
    public int[] labels() {
        return labels.clone();
    }

    /** The image's pixels as stored (0-255, channel planes) into {@code dest} from {@code offset}. */
    public void copyRawPixels(int index, byte[] dest, int offset) {
        int n = images.pixelsPerImage();
        System.arraycopy(images.pixels(), index * n, dest, offset, n);
    }

    /** Copies image {@code index} into {@code dest} at {@code offset}, scaled to [0, 1]. */
    public void copyPixels(int index, float[] dest, int offset) {
        int n = images.pixelsPerImage();
        byte[] pixels = images.pixels();
        int base = index * n;
        for (int p = 0; p < n; p++) {
            dest[offset + p] = (pixels[base + p] & 0xFF) / 255f;
        }
    }

    /** Image {@code index} scaled to [0, 1], as a new array. */
    public float[] pixels(int index) {
        float[] out = new float[images.pixelsPerImage()];
        copyPixels(index, out, 0);
        return out;
    }

    /** The first {@code limit} examples (all of them when {@code limit} is at least the size). */
    public LabeledImages firstN(int limit) {
        if (limit >= size()) {
            return this;
        }
        int n = images.pixelsPerImage();
        byte[] px = Arrays.copyOf(images.pixels(), limit * n);
        ImageSet cut = new ImageSet(images.source(), limit, images.shape(), px);
        return new LabeledImages(cut, Arrays.copyOf(labels, limit), numClasses);
    }
}
