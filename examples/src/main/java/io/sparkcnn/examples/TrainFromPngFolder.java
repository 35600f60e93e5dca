package io.sparkcnn.examples;

import io.sparkcnn.ml.CnnClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains the seed CNN on a folder of PNGs ({@code TRAIN_DIR/CLASS/*.png}) in a Pipeline (StringIndexer for the
 * folder names, CnnClassifier, IndexToString back to names), scores {@code TEST_DIR}'s images on the executors,
 * prints a few predictions and the accuracy, and saves the fitted pipeline to {@code OUTPUT}.
 *
 * <p>Arguments: TRAIN_DIR TEST_DIR OUTPUT [EPOCHS [WORKERS]].
 */
public final class TrainFromPngFolder {
    private TrainFromPngFolder() {
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 3) {
            System.err.println("usage: TrainFromPngFolder TRAIN_DIR TEST_DIR OUTPUT [EPOCHS [WORKERS]]");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("spark-cnn: train from a folder of PNGs").getOrCreate();
        Dataset<Row> train = PngFolders.read(spark, args[0]);
        Dataset<Row> test = PngFolders.read(spark, args[1]);

        CnnClassifier cnn = new CnnClassifier()
                .setEpochs(args.length > 3 ? Integer.parseInt(args[3]) : 3)
                .setWorkers(args.length > 4 ? Integer.parseInt(args[4]) : 2);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("class").setOutputCol("label"),
            cnn,
            new IndexToString().setInputCol("prediction").setOutputCol("predictedClass")});
        PipelineModel model = pipeline.fit(train);

        Dataset<Row> scored = model.transform(test).cache();
        scored.select("image.origin", "class", "predictedClass", "probability").show(10, false);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
        System.out.printf("test accuracy %.4f on %d images%n", accuracy, scored.count());
        model.write().overwrite().save(args[2]);
        System.out.println("pipeline saved to " + args[2] + " (PipelineModel.load reads it back)");
        spark.stop();
    }
}
