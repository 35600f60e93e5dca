package io.sparkcnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The estimator under Spark's model selection: CrossValidator picks the learning rate that learns. */
class CnnCrossValidationTest {
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
    void crossValidatorTunesTheLearningRate() {
        CnnClassifier cnn = new CnnClassifier().setEpochs(1).setBatchSize(32).setAveragingFrequency(5);
        // Adam at 1e-5 barely moves in the ~10 steps a fold's epoch has; 3e-3 learns Fashion-MNIST's easy classes.
        ParamMap[] grid = new ParamGridBuilder().addGrid(cnn.learningRate(), new double[] {1e-5, 3e-3}).build();
        CrossValidator cv = new CrossValidator().setEstimator(cnn).setEstimatorParamMaps(grid).setNumFolds(2)
                .setSeed(3).setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"));

        CrossValidatorModel tuned = cv.fit(MlFixtures.binaryFrame(spark, MlFixtures.fashion(true, 800)));

        double[] metrics = tuned.avgMetrics();
        assertEquals(2, metrics.length);
        assertTrue(metrics[1] > metrics[0] + 0.1, "3e-3 learns, 1e-5 does not: " + Arrays.toString(metrics));
        CnnClassificationModel best = (CnnClassificationModel) tuned.bestModel();
        assertEquals(3e-3, (Double) best.parent().getOrDefault(cnn.learningRate()), 1e-12);
        assertEquals(10, best.labels().size());
    }
}
