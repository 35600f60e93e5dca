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
