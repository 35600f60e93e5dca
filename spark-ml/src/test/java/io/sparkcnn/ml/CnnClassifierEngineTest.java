package io.sparkcnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.jobs.TrainJob;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.TrainSettings;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimator trains with train's engine: the same images, settings and seed give the same network. */
class CnnClassifierEngineTest {
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

    @Test
    void fitOnADataFrameGivesTheNetworkAndAccuracyOfTrainOnTheSameImages() throws IOException {
        LabeledImages train = MlFixtures.fashion(true, 1500);
        LabeledImages test = MlFixtures.fashion(false, 400);
        Path dataDir = MlFixtures.idxDirectory(tmp.resolve("data"), train, test);
        Path out = tmp.resolve("run");
        TrainSettings settings = TrainSettings.defaults(out)
                .withData(DataSettings.defaults().withDataDir(dataDir))
                .withLoop(LoopSettings.defaults().withEpochs(2).withBatchSize(32).withSeed(7))
                .withAveraging(AveragingSettings.defaults().withAveragingFrequency(5)).validate();
        TrainingMetrics byTrain = TrainJob.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), settings,
                DatasetResolver.standard(m -> { }).resolve("fashion-mnist", Optional.of(dataDir)));

        // The test images ride along as validation rows: evaluated after every epoch, as train evaluates its test set.
        Dataset<Row> trainAndTest = MlFixtures.binaryFrame(spark, train).withColumn("heldOut", functions.lit(false))
                .union(MlFixtures.binaryFrame(spark, test).withColumn("heldOut", functions.lit(true)));
        CnnClassificationModel model = new CnnClassifier().setEpochs(2).setBatchSize(32).setSeed(7)
                .setAveragingFrequency(5).setValidationCol("heldOut").fit(trainAndTest);
        Dataset<Row> scored = model.transform(MlFixtures.binaryFrame(spark, test));
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);

        float[] trained = ModelFile.read(out.resolve("model.zip")).network().params().toFloatVector();
        assertArrayEquals(trained, model.network().params().toFloatVector(), "the same network, bit for bit");
        assertEquals(byTrain.finalReport().testAccuracy(), accuracy, 1e-12);
        assertTrue(accuracy > 0.6, "Fashion-MNIST, 10 classes, 1,500 images: far above chance; got " + accuracy);
        assertEquals(2, model.trainingHistory().size());
        for (int epoch = 0; epoch < 2; epoch++) {
            var expected = byTrain.epochs().get(epoch);
            var actual = model.trainingHistory().get(epoch);
            assertEquals(expected.trainLoss(), actual.trainLoss(), 1e-12);
            assertEquals(expected.testAccuracy(), actual.testAccuracy(), 1e-12, "validation rows = train's test set");
            assertEquals(expected.testLoss(), actual.testLoss(), 1e-9);
        }
    }
}
