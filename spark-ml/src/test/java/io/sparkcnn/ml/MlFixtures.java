package io.sparkcnn.ml;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.LabeledImages;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small image sets for the Spark ML tests: a Fashion-MNIST subset as IDX files, DataFrames and PNG folders. */
final class MlFixtures {
    private MlFixtures() {
    }

    /** A {@code local[2]} session on loopback: two replicas, as on the 2-core machines we run on. */
    static SparkSession spark() {
        return SparkSession.builder().master("local[2]").appName("spark-cnn-ml-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    /** The first {@code count} Fashion-MNIST training (or test) images, from wherever the resolver finds them. */
    static LabeledImages fashion(boolean train, int count) {
        var dataset = DatasetResolver.standard(message -> { }).resolve("fashion-mnist", Optional.empty());
        return (train ? dataset.loadTrain() : dataset.loadTest()).firstN(count);
    }

    /** Writes {@code train} and {@code test} as the four IDX files of a {@code --data-dir}. */
    static Path idxDirectory(Path dir, LabeledImages train, LabeledImages test) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train", train);
        write(dir, "t10k", test);
        return dir;
    }

    private static void write(Path dir, String prefix, LabeledImages images) throws IOException {
        byte[] pixels = new byte[images.size() * images.rows() * images.cols()];
        byte[] labels = new byte[images.size()];
        for (int i = 0; i < images.size(); i++) {
            images.copyRawPixels(i, pixels, i * images.rows() * images.cols());
            labels[i] = (byte) images.label(i);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"),
                IdxFixtures.images(images.size(), images.rows(), images.cols(), pixels));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), IdxFixtures.labels(labels));
    }

    /** The images as a DataFrame of a binary {@code image} column (8-bit pixels) and a double {@code label}. */
    static Dataset<Row> binaryFrame(SparkSession spark, LabeledImages images) {
        StructType schema = new StructType().add("image", DataTypes.BinaryType).add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            rows.add(RowFactory.create(pixels(images, i), (double) images.label(i)));
        }
        return spark.createDataFrame(rows, schema);
    }

    static byte[] pixels(LabeledImages images, int index) {
        byte[] pixels = new byte[images.rows() * images.cols()];
        images.copyRawPixels(index, pixels, 0);
        return pixels;
    }

    /** Writes the images as gray PNGs into {@code dir/CLASS/NNNNN.png}, the class named by {@code names}. */
    static Path pngFolder(Path dir, LabeledImages images, List<String> names) throws IOException {
        for (int i = 0; i < images.size(); i++) {
            Path classDir = Files.createDirectories(dir.resolve(names.get(images.label(i))));
            writePng(classDir.resolve(String.format("%05d.png", i)), pixels(images, i), images.rows(), images.cols());
        }
        return dir;
    }

    static void writePng(Path file, byte[] pixels, int rows, int cols) throws IOException {
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, cols, rows, pixels);
        ImageIO.write(image, "png", file.toFile());
    }
}
