package io.sparkcnn.ml;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.data.DataException;
import io.sparkcnn.settings.SettingsException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and bad params fail before any training, naming the column, file, row or param and what was expected. */
class CnnClassifierInputTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = MlFixtures.spark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static void fails(Class<? extends Exception> type, String expected, Executable action) {
        Exception e = assertThrows(type, action);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static Dataset<Row> frame(StructType schema, Object[]... rows) {
        return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), schema);
    }

    private static final StructType BINARY = new StructType().add("image", DataTypes.BinaryType)
            .add("label", DataTypes.DoubleType);

    @Test
    void columnsThatAreMissingOrHoldNoImagesOrLabels() {
        Dataset<Row> images = frame(BINARY, new Object[] {new byte[4], 0.0}, new Object[] {new byte[4], 1.0});
        fails(DataException.class, "image column 'pixels' is not in the DataFrame (its columns: image, label)",
                () -> new CnnClassifier().setImageCol("pixels").fit(images));
        fails(DataException.class, "label column 'class' is not in the DataFrame",
                () -> new CnnClassifier().setLabelCol("class").fit(images));
        fails(DataException.class, "validation column 'heldOut' is not in the DataFrame",
                () -> new CnnClassifier().setValidationCol("heldOut").fit(images));
        fails(DataException.class, "validation column 'label' is double; expected boolean",
                () -> new CnnClassifier().setValidationCol("label").fit(images));
        StructType strings = new StructType().add("image", DataTypes.StringType).add("label", DataTypes.DoubleType);
        fails(DataException.class, "image column 'image' is string; expected Spark's image struct",
                () -> new CnnClassifier().fit(frame(strings, new Object[] {"a", 0.0})));
        StructType stringLabels = new StructType().add("image", DataTypes.BinaryType)
                .add("label", DataTypes.StringType);
        fails(DataException.class, "index string labels with StringIndexer",
                () -> new CnnClassifier().fit(frame(stringLabels, new Object[] {new byte[4], "cat"})));
    }

    @Test
    void rowsWithBadLabelsOrSizes() {
        fails(DataException.class, "row 1: label 1.5 is not a class index", () -> new CnnClassifier()
                .fit(frame(BINARY, new Object[] {new byte[4], 0.0}, new Object[] {new byte[4], 1.5})));
        fails(DataException.class, "row 0: holds 6 values, which is not a square image of 1 channel(s); set both imageHeight",
                () -> new CnnClassifier().fit(frame(BINARY, new Object[] {new byte[6], 0.0})));
        fails(DataException.class, "row 1: holds 9 values, expected 2x2x1 = 4", () -> new CnnClassifier()
                .fit(frame(BINARY, new Object[] {new byte[4], 0.0}, new Object[] {new byte[9], 1.0})));
        fails(DataException.class, "holds only class 0", () -> new CnnClassifier().setWorkers(1)
                .fit(frame(BINARY, new Object[] {new byte[4], 0.0}, new Object[] {new byte[4], 0.0})));
        fails(DataException.class, "holds 2 images to train on, fewer than the 4 workers", () -> new CnnClassifier().setWorkers(4)
                .fit(frame(BINARY, new Object[] {new byte[4], 0.0}, new Object[] {new byte[4], 1.0})));
        StructType floats = new StructType().add("image", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.DoubleType);
        fails(DataException.class, "row 0: value 1 is 255.0, expected pixels in [0, 1]", () -> new CnnClassifier()
                .fit(frame(floats, new Object[] {List.of(0f, 255f, 0f, 0f), 0.0})));
    }

    @Test
    void imageFilesOfMixedSizesOrThatDoNotDecode() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("images").resolve("a"));
        MlFixtures.writePng(folder.resolve("1.png"), new byte[28 * 28], 28, 28);
        MlFixtures.writePng(folder.resolve("2.png"), new byte[30 * 28], 30, 28);
        // Which file comes first is the file listing's order: the error names the other one, and both sizes.
        fails(DataException.class, "like the first image; resize the images to one size",
                () -> new CnnClassifier().fit(withLabel(folder)));

        Path broken = Files.createDirectories(tmp.resolve("broken").resolve("a"));
        Files.writeString(broken.resolve("1.png"), "not a picture");
        fails(DataException.class, "1.png: Spark could not decode this image",
                () -> new CnnClassifier().fit(withLabel(broken)));
    }

    private static Dataset<Row> withLabel(Path folder) {
        return spark.read().format("image").load(folder.toString()).withColumn("label",
                org.apache.spark.sql.functions.lit(0.0));
    }

    @Test
    void paramsAreCheckedWhenSetAndTogetherAtFit() {
        fails(IllegalArgumentException.class, "epochs", () -> new CnnClassifier().setEpochs(0));
        fails(IllegalArgumentException.class, "model", () -> new CnnClassifier().setModel("resnet"));
        fails(IllegalArgumentException.class, "imageChannels", () -> new CnnClassifier().setImageChannels(2));
        fails(SettingsException.class, "filters: model 'mlp' has no convolutions", () -> new CnnClassifier()
                .setModel("mlp").setFilters(8, 8).fit(frame(BINARY, new Object[] {new byte[4], 0.0})));
    }
}
