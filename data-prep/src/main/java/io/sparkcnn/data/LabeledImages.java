package io.sparkcnn.data;

/**
 * A checked pairing of images and their labels: counts agree, images have the expected size and every label
 * is a valid class. Pixels are kept as the original bytes (a quarter of the memory of floats) and scaled to
 * [0, 1] when an image is asked for.
 */
public final class LabeledImages {
    private final ImageSet images;
    private final byte[] labels;
    private final int numClasses;

    private LabeledImages(ImageSet images, byte[] labels, int numClasses) {
        this.images = images;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /**
     * Pairs {@code images} with {@code labels} (read from {@code labelSource}), insisting on the image size and
     * class count the model is built for.
     */
    public static LabeledImages pair(ImageSet images, byte[] labels, String labelSource,
                                     int expectedRows, int expectedCols, int numClasses) {
        if (images.rows() != expectedRows || images.cols() != expectedCols) {
            throw new DataException(images.source() + ": images are " + images.rows() + "x" + images.cols()
                    + " pixels, expected " + expectedRows + "x" + expectedCols);
        }
        if (labels.length != images.count()) {
            throw new DataException(labelSource + ": holds " + labels.length + " labels but "
                    + images.source() + " holds " + images.count() + " images; the counts must match");
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= numClasses) {
                throw new DataException(labelSource + ": label " + label + " at index " + i
                        + " is outside 0-" + (numClasses - 1));
            }
        }
        return new LabeledImages(images, labels, numClasses);
    }

    /** Reads and pairs an image file and a label file. */
    public static LabeledImages read(java.nio.file.Path imageFile, java.nio.file.Path labelFile,
                                     int expectedRows, int expectedCols, int numClasses) {
        return pair(IdxReader.readImages(imageFile), IdxReader.readLabels(labelFile), labelFile.toString(),
                expectedRows, expectedCols, numClasses);
    }

    public int size() {
        return labels.length;
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

    public int label(int index) {
        return labels[index] & 0xFF;
    }

    /** All labels as ints, in file order. */
    public int[] labels() {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i] & 0xFF;
        }
        return out;
    }

    /** The image's pixels as stored (0-255, row-major) into {@code dest} from {@code offset}. */
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

    /** The first {@code limit} examples (all of them when {@code limit} is at least the size). */
    public LabeledImages firstN(int limit) {
        if (limit >= size()) {
            return this;
        }
        int n = images.pixelsPerImage();
        byte[] px = java.util.Arrays.copyOf(images.pixels(), limit * n);
        ImageSet cut = new ImageSet(images.source(), limit, images.rows(), images.cols(), px);
        return new LabeledImages(cut, java.util.Arrays.copyOf(labels, limit), numClasses);
    }
}
