package io.sparkcnn.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Small MNIST-format datasets made on the spot, so tests need neither the real files nor the network. Each
 * image's pixels are a function of its label, so a classifier can learn them.
 */
public final class IdxFixtures {
    private IdxFixtures() {
    }

    /** IDX image bytes: magic, count, rows, cols, then the pixels. */
    public static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return written(bytes -> {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
            out.flush();
        });
    }

    /** IDX label bytes: magic, count, then the labels. */
    public static byte[] labels(byte[] labels) {
        return written(bytes -> {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(labels.length);
            out.write(labels);
            out.flush();
        });
    }

    public static byte[] gzip(byte[] data) {
        return written(bytes -> {
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(data);
            }
        });
    }

    private interface Writing {
        void to(OutputStream bytes) throws IOException;
    }

    /** The bytes that {@code writing} writes. */
    private static byte[] written(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writing.to(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    /** Labels 0,1,...,9,0,1,... */
    public static byte[] cyclicLabels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return labels;
    }

    /** 28x28 images whose bright band's row depends on the label, with seeded noise. */
    public static byte[] learnablePixels(byte[] labels, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[labels.length * 784];
        for (int i = 0; i < labels.length; i++) {
            int band = 2 + labels[i] * 2;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                int value = (row == band || row == band + 1) ? 200 + random.nextInt(56) : random.nextInt(40);
                pixels[i * 784 + p] = (byte) value;
            }
        }
        return pixels;
    }

    /** The labels as ints, as {@link LabeledImages} holds them. */
    public static int[] ints(byte[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] & 0xFF;
        }
        return out;
    }

    /** Labels 0, 1, ..., classes - 1, 0, 1, ... */
    public static int[] cyclicLabels(int count, int classes) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }

    /**
     * Images of any shape and class count, as channel planes, that a small CNN can tell apart: each class lights one
     * cell of a grid laid over the image (for RGB, in one colour: the class picks a colour and a cell), over seeded
     * noise.
     */
    public static byte[] learnablePixels(int[] labels, int classes, ImageShape shape, long seed) {
        Random random = new Random(seed);
        int colours = shape.channels();
        int cells = (classes + colours - 1) / colours;
        int grid = (int) Math.ceil(Math.sqrt(cells));
        int cellRows = Math.max(1, shape.rows() / grid);
        int cellCols = Math.max(1, shape.cols() / grid);
        byte[] pixels = new byte[labels.length * shape.pixels()];
        for (int i = 0; i < labels.length; i++) {
            int colour = labels[i] % colours;
            int cell = labels[i] / colours;
            int top = (cell / grid) * cellRows;
            int left = (cell % grid) * cellCols;
            for (int c = 0; c < colours; c++) {
                for (int r = 0; r < shape.rows(); r++) {
                    for (int col = 0; col < shape.cols(); col++) {
                        boolean lit = c == colour && r >= top && r < top + cellRows && col >= left
                                && col < left + cellCols;
                        int value = lit ? 200 + random.nextInt(56) : random.nextInt(40);
                        pixels[i * shape.pixels() + c * shape.planeSize() + r * shape.cols() + col] = (byte) value;
                    }
                }
            }
        }
        return pixels;
    }

    /**
     * IDX image bytes of any shape from channel planes: gray as {@code N x H x W} (magic 0x0803), RGB as
     * {@code N x H x W x 3} with each pixel's colours together (magic 0x0804).
     */
    public static byte[] images(int count, ImageShape shape, byte[] planes) {
        if (shape.channels() == ImageShape.GRAY) {
            return images(count, shape.rows(), shape.cols(), planes);
        }
        byte[] interleaved = new byte[planes.length];
        int plane = shape.planeSize();
        for (int base = 0; base < planes.length; base += shape.pixels()) {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < shape.channels(); c++) {
                    interleaved[base + p * shape.channels() + c] = planes[base + c * plane + p];
                }
            }
        }
        return written(bytes -> {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(IdxReader.RGB_IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(shape.rows());
            out.writeInt(shape.cols());
            out.writeInt(shape.channels());
            out.write(interleaved);
            out.flush();
        });
    }

    /** IDX label bytes: unsigned bytes for up to 256 classes, else 16-bit. */
    public static byte[] labels(int[] labels) {
        boolean small = java.util.stream.IntStream.of(labels).allMatch(l -> l < 256);
        return written(bytes -> {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(small ? IdxReader.LABELS_MAGIC : IdxReader.SHORT_LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int label : labels) {
                if (small) {
                    out.writeByte(label);
                } else {
                    out.writeShort(label);
                }
            }
            out.flush();
        });
    }

    /** Writes a dataset of {@code classes} classes of images of {@code shape} (four gzipped IDX files) into dir. */
    public static Path writeDataset(Path dir, int trainCount, int testCount, int classes, ImageShape shape)
            throws IOException {
        Files.createDirectories(dir);
        int[] trainLabels = cyclicLabels(trainCount, classes);
        int[] testLabels = cyclicLabels(testCount, classes);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"),
                gzip(images(trainCount, shape, learnablePixels(trainLabels, classes, shape, 1))));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(trainLabels)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"),
                gzip(images(testCount, shape, learnablePixels(testLabels, classes, shape, 2))));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(testLabels)));
        return dir;
    }

    /** Writes a complete dataset (four gzipped files) into {@code dir} and returns it. */
    public static Path writeDataset(Path dir, int trainCount, int testCount) throws IOException {
        Files.createDirectories(dir);
        byte[] trainLabels = cyclicLabels(trainCount);
        byte[] testLabels = cyclicLabels(testCount);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"),
                gzip(images(trainCount, 28, 28, learnablePixels(trainLabels, 1))));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(trainLabels)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"),
                gzip(images(testCount, 28, 28, learnablePixels(testLabels, 2))));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(testLabels)));
        return dir;
    }

    /**
     * Writes a complete dataset into {@code dir} (as {@link #writeDataset}) and resolves it as {@code --data-dir}
     * would, under the name {@code fixture} (MNIST's class names).
     */
    public static ResolvedDataset dataset(Path dir, int trainCount, int testCount) throws IOException {
        return DatasetResolver.standard(message -> { }).resolve("fixture", Optional.of(writeDataset(dir, trainCount,
                testCount)));
    }
}
