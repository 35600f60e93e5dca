package io.sparkcnn.examples;

import io.sparkcnn.ml.CnnClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.SparkSession;

/**
 * Tunes CnnClassifier's learning rate with CrossValidator over a folder of PNGs ({@code TRAIN_DIR/CLASS/*.png}):
 * every rate of the grid trained on each fold, scored on the fold held out, and the mean accuracy of each printed.
 *
 * <p>Arguments: TRAIN_DIR [FOLDS [EPOCHS]].
 */
public final class TuneLearningRate {
    private TuneLearningRate() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: TuneLearningRate TRAIN_DIR [FOLDS [EPOCHS]]");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("spark-cnn: tune the learning rate").getOrCreate();
        CnnClassifier cnn = new CnnClassifier().setEpochs(args.length > 2 ? Integer.parseInt(args[2]) : 2);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("class").setOutputCol("label"), cnn});
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(cnn.learningRate(), new double[] {3e-4, 1e-3, 3e-3})
                .build();
        CrossValidator cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(args.length > 1 ? Integer.parseInt(args[1]) : 3).setSeed(42);

        CrossValidatorModel tuned = cv.fit(PngFolders.read(spark, args[0]));
        for (int i = 0; i < grid.length; i++) {
            System.out.printf("learning rate %.0e: mean accuracy over the folds %.4f%n",
                    (Double) grid[i].apply(cnn.learningRate()), tuned.avgMetrics()[i]);
        }
        spark.stop();
    }
}
