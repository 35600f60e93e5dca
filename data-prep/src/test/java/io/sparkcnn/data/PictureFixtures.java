package io.sparkcnn.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Small labelled picture sets made on the spot, as image folders and as Parquet, from {@link IdxFixtures}' learnable
 * pixels (each class lights its own cell, for RGB in its own colour).
 */
public final class PictureFixtures {
    private PictureFixtures() {
    }

    /** Image {@code index} of {@code planes} (channel planes of {@code shape}) as a picture. */
    public static BufferedImage picture(byte[] planes, int index, ImageShape shape) {
        boolean gray = shape.channels() == ImageShape.GRAY;
        BufferedImage image = new BufferedImage(shape.cols(), shape.rows(), gray ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        int base = index * shape.pixels();
        int plane = shape.planeSize();
        for (int y = 0; y < shape.rows(); y++) {
            for (int x = 0; x < shape.cols(); x++) {
                int p = base + y * shape.cols() + x;
                if (gray) {
                    image.getRaster().setSample(x, y, 0, planes[p] & 0xFF);
                } else {
                    image.setRGB(x, y, (planes[p] & 0xFF) << 16 | (planes[p + plane] & 0xFF) << 8
                            | (planes[p + 2 * plane] & 0xFF));
                }
            }
        }
        return image;
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code DIR/train/CLASS/NNNN.png} and {@code DIR/test/CLASS/NNNN.png}, images cycling through the classes. */
    public static Path writeFolder(Path dir, List<String> classes, int trainCount, int testCount, ImageShape shape)
            throws IOException {
        writePart(dir.resolve(ImageFolder.TRAIN), classes, trainCount, shape, 1);
        writePart(dir.resolve(ImageFolder.TEST), classes, testCount, shape, 2);
        return dir;
    }

    private static void writePart(Path root, List<String> classes, int count, ImageShape shape, long seed)
            throws IOException {
        int[] labels = IdxFixtures.cyclicLabels(count, classes.size());
        byte[] planes = IdxFixtures.learnablePixels(labels, classes.size(), shape, seed);
        for (int i = 0; i < count; i++) {
            Path file = root.resolve(classes.get(labels[i])).resolve(String.format("%04d.png", i));
            Files.createDirectories(file.getParent());
            Files.write(file, png(picture(planes, i, shape)));
        }
    }

    /**
     * {@code DIR/train.parquet} and {@code DIR/test.parquet}: an {@code image} column of PNG bytes and a
     * {@code label} column of class names ({@code names} true, strings) or numbers.
     */
    public static Path writeParquet(Path dir, List<String> classes, int trainCount, int testCount, ImageShape shape,
                                    boolean names) throws IOException {
        Files.createDirectories(dir);
        writeParquetPart(dir.resolve("train.parquet"), classes, trainCount, shape, 1, names);
        writeParquetPart(dir.resolve("test.parquet"), classes, testCount, shape, 2, names);
        return dir;
    }

    private static void writeParquetPart(Path file, List<String> classes, int count, ImageShape shape, long seed,
                                         boolean names) throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message images { required binary image; required "
                + (names ? "binary label (UTF8)" : "int32 label") + "; }");
        int[] labels = IdxFixtures.cyclicLabels(count, classes.size());
        byte[] planes = IdxFixtures.learnablePixels(labels, classes.size(), shape, seed);
        SimpleGroupFactory rows = new SimpleGroupFactory(schema);
        try (ParquetWriter<org.apache.parquet.example.data.Group> writer = ExampleParquetWriter
                .builder(new org.apache.hadoop.fs.Path(file.toUri())).withType(schema).withConf(new Configuration())
                .build()) {
            for (int i = 0; i < count; i++) {
                org.apache.parquet.example.data.Group row = rows.newGroup()
                        .append("image", Binary.fromConstantByteArray(png(picture(planes, i, shape))));
                if (names) {
                    row.append("label", classes.get(labels[i]));
                } else {
                    row.append("label", labels[i]);
                }
                writer.write(row);
            }
        }
    }
}
