package io.sparkcnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.output.ModelFile;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Spark engineer does with the estimator: a folder of PNGs read by Spark's image data source, class names
 * from the folders indexed by StringIndexer, the classifier in a Pipeline, the test images scored on the executors,
 * the pipeline saved and loaded.
 */
class CnnPipelineTest {
    private static final List<String> CLASSES = List.of("t-shirt", "trouser", "pullover", "dress", "coat", "sandal",
            "shirt", "sneaker", "bag", "ankle-boot");
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = MlFixtures.spark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Spark's image struct for every PNG under {@code dir/CLASS/}, with the class named by its folder. */
    static Dataset<Row> pngs(Path dir) {
        return spark.read().format("image").load(dir.resolve("*").toString())
                .withColumn("class", functions.regexp_extract(functions.col("image.origin"), "/([^/]+)/[^/]+$", 1));
    }

    @Test
    void aPipelineTrainsOnAFolderOfPngsScoresOnTheExecutorsAndSurvivesSaveAndLoad() throws Exception {
        Dataset<Row> train = pngs(MlFixtures.pngFolder(tmp.resolve("train"), MlFixtures.fashion(true, 800), CLASSES));
        LabeledImages testImages = MlFixtures.fashion(false, 200);
        Dataset<Row> test = pngs(MlFixtures.pngFolder(tmp.resolve("test"), testImages, CLASSES)).repartition(4);

        StringIndexer indexer = new StringIndexer().setInputCol("class").setOutputCol("label");
        CnnClassifier classifier = new CnnClassifier().setEpochs(2).setBatchSize(32).setAveragingFrequency(5);
        IndexToString names = new IndexToString().setInputCol("prediction").setOutputCol("predictedClass");
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {indexer, classifier, names}).fit(train);

        CnnClassificationModel model = (CnnClassificationModel) fitted.stages()[1];
        assertEquals(List.of(((StringIndexerModel) fitted.stages()[0]).labelsArray()[0]), List.of(
                model.labels().toArray(new String[0])), "the model's classes are StringIndexer's, in its order");

        TaskCounter tasks = new TaskCounter();
        spark.sparkContext().addSparkListener(tasks);
        Dataset<Row> scored = fitted.transform(test);
        spark.sparkContext().listenerBus().waitUntilEmpty();
        int jobsBeforeAction = tasks.jobs.size();
        List<Row> rows = scored.select("class", "predictedClass", "probability", "image.origin").collectAsList();
        spark.sparkContext().listenerBus().waitUntilEmpty();
        spark.sparkContext().removeSparkListener(tasks);
        assertEquals(0, jobsBeforeAction, "transform only plans: nothing is scored on the driver");
        assertTrue(scored.queryExecution().executedPlan().toString().contains("MapPartitions"),
                scored.queryExecution().executedPlan().toString());
        assertTrue(tasks.ended.size() >= 4, "the 4 partitions were scored by tasks: " + tasks.ended.size());

        assertEquals(200, rows.size());
        long right = rows.stream().filter(r -> r.getString(0).equals(r.getString(1))).count();
        assertTrue(right / 200.0 > 0.5, "10 classes, 800 training images: far above chance; " + right + " of 200");
        for (Row r : rows) {
            Vector p = r.getAs(2);
            assertEquals(10, p.size());
            assertEquals(1.0, java.util.Arrays.stream(p.toArray()).sum(), 1e-4, "probabilities sum to 1");
        }

        Path saved = tmp.resolve("pipeline");
        fitted.write().save(saved.toString());
        assertTrue(ModelFile.read(saved.resolve("stages").resolve(stageDir(saved, "CnnClassificationModel"))
                .resolve("model.zip")).info().labelNames().containsAll(CLASSES), "train's model file, class names in");
        List<Row> again = PipelineModel.load(saved.toString()).transform(test)
                .select("class", "predictedClass", "probability", "image.origin").collectAsList();
        assertEquals(probabilities(rows), probabilities(again), "the loaded pipeline scores as the saved one");
    }

    private static String stageDir(Path saved, String suffix) throws IOException {
        try (var dirs = Files.list(saved.resolve("stages"))) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.contains("cnnClassifier")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + suffix + " stage under " + saved));
        }
    }

    /** Each image's probabilities, by the image's file. */
    private static java.util.Map<String, List<Double>> probabilities(List<Row> rows) {
        java.util.Map<String, List<Double>> out = new java.util.TreeMap<>();
        for (Row r : rows) {
            List<Double> p = new ArrayList<>();
            for (double v : ((Vector) r.getAs(2)).toArray()) {
                p.add(v);
            }
            out.put(r.getString(3), p);
        }
        return out;
    }

    /** Counts the jobs started and the tasks ended while registered. */
    private static final class TaskCounter extends SparkListener {
        final List<Integer> jobs = new CopyOnWriteArrayList<>();
        final List<Long> ended = new CopyOnWriteArrayList<>();

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.add(jobStart.jobId());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            ended.add(taskEnd.taskInfo().taskId());
        }
    }
}
