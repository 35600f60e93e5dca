package io.sparkcnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.settings.SettingsException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The estimator's {@code model} param takes a Keras model's file as train's --model does: keras:FILE. */
class CnnKerasModelTest {
    private static final String COURSE_CNN = "keras:../examples/keras/fashion-cnn.json";
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = MlFixtures.spark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theCourseCnnFromKerasFitsAndScoresADataFrame() {
        LabeledImages train = MlFixtures.fashion(true, 1000);
        LabeledImages test = MlFixtures.fashion(false, 300);
        CnnClassificationModel model = new CnnClassifier().setModel(COURSE_CNN).setEpochs(1).setBatchSize(16)
                .setSeed(3).fit(MlFixtures.binaryFrame(spark, train));
        Dataset<Row> scored = model.transform(MlFixtures.binaryFrame(spark, test));
        long right = scored.filter("prediction = label").count();
        assertEquals(300, scored.count());
        assertTrue(right / 300.0 > 0.4, "10 classes, chance 0.1: " + right + " of 300");
    }

    @Test
    void aKerasFileIsReadAtFitAndWhatCannotBeTrainedIsNamed() {
        CnnClassifier missing = new CnnClassifier().setModel("keras:nosuch.json");
        SettingsException e = assertThrows(SettingsException.class, () -> missing.fit(MlFixtures.binaryFrame(spark,
                MlFixtures.fashion(true, 20))));
        assertTrue(e.getMessage().contains("keras:nosuch.json: no such file"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CnnClassifier().setModel("kears:x.json"));
    }
}
