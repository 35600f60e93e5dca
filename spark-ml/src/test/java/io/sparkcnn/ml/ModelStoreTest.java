package io.sparkcnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.data.DataException;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelSpec;
import io.sparkcnn.output.ModelInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model saved and loaded through Spark ML's writer and reader, without training (an initialised mlp). */
class ModelStoreTest {
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

    private static CnnClassificationModel mlp() {
        ModelSpec spec = new ModelSpec(2, 2, 1, 3, ModelCatalog.get("mlp").defaults(), 5, LayerImplementation.FAST);
        return new CnnClassificationModel("cnnClassifier_test", ModelCatalog.newNetwork("mlp", spec),
                new ModelInfo("mlp", CnnClassifier.DATASET_NAME, List.of("a", "b", "c"), 2, 2, 1), List.of());
    }

    @Test
    void savedAndLoadedWithParamsNetworkAndClassesAndNothingHalfWritten() throws IOException {
        CnnClassificationModel model = mlp().setPredictionCol("guess");
        Path dir = tmp.resolve("model");
        model.write().save(dir.toString());

        CnnClassificationModel loaded = CnnClassificationModel.load(dir.toString());
        assertEquals("cnnClassifier_test", loaded.uid());
        assertEquals("guess", loaded.getPredictionCol());
        assertEquals(List.of("a", "b", "c"), loaded.labels());
        assertArrayEquals(model.network().params().toFloatVector(), loaded.network().params().toFloatVector());
        try (var names = Files.list(tmp)) {
            assertEquals(List.of("model"), names.map(p -> p.getFileName().toString()).toList(), "no staging left");
        }
        Exception exists = assertThrows(IOException.class, () -> model.write().save(dir.toString()));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        model.write().overwrite().save(dir.toString());

        Files.delete(dir.resolve(ModelStore.MODEL_FILE));
        Exception missing = assertThrows(DataException.class, () -> CnnClassificationModel.load(dir.toString()));
        assertTrue(missing.getMessage().contains("no model.zip (expected a directory saved by"), missing.getMessage());
    }

    @Test
    void transformRefusesToOverwriteAColumnAndScoresEveryRow() {
        StructType schema = new StructType().add("image", DataTypes.BinaryType).add("prediction", DataTypes.IntegerType);
        Dataset<Row> images = spark.createDataFrame(List.of(RowFactory.create(new byte[4], 1)), schema);
        Exception e = assertThrows(DataException.class, () -> mlp().transform(images));
        assertTrue(e.getMessage().contains("already has a column 'prediction', which transform would add"),
                e.getMessage());

        List<Row> scored = mlp().setPredictionCol("guess").transform(images).select("guess", "probability")
                .collectAsList();
        assertEquals(1, scored.size());
        assertEquals(3, ((org.apache.spark.ml.linalg.Vector) scored.get(0).get(1)).size());
    }
}
