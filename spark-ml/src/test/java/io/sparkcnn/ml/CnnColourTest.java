package io.sparkcnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colour pictures train an RGB network: 16x16 PNGs of three classes told apart by their colour alone. */
class CnnColourTest {
    private static final List<String> CLASSES = List.of("red", "green", "blue");
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

    /** {@code perClass} noisy 16x16 pictures per class, each mostly of its class's colour, as DIR/CLASS/N.png. */
    private static Path colourFolder(Path dir, int perClass, long seed) throws IOException {
        Random random = new Random(seed);
        for (int c = 0; c < CLASSES.size(); c++) {
            Path classDir = Files.createDirectories(dir.resolve(CLASSES.get(c)));
            for (int i = 0; i < perClass; i++) {
                BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        int[] rgb = {random.nextInt(90), random.nextInt(90), random.nextInt(90)};
                        rgb[c] = 150 + random.nextInt(106);
                        image.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
                    }
                }
                ImageIO.write(image, "png", classDir.resolve(i + ".png").toFile());
            }
        }
        return dir;
    }

    private static Dataset<Row> read(Path dir) {
        return spark.read().format("image").load(dir.resolve("*").toString())
                .withColumn("class", functions.regexp_extract(functions.col("image.origin"), "/([^/]+)/[^/]+$", 1));
    }

    @Test
    void colourPicturesTrainAnRgbNetworkThatScoresThem() throws IOException {
        Dataset<Row> train = read(colourFolder(tmp.resolve("train"), 40, 1));
        Dataset<Row> test = read(colourFolder(tmp.resolve("test"), 10, 2));
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("class").setOutputCol("label"),
            new CnnClassifier().setEpochs(2).setBatchSize(8).setAveragingFrequency(2)}).fit(train);

        CnnClassificationModel model = (CnnClassificationModel) fitted.stages()[1];
        assertEquals(3, model.info().channels(), "the first picture is RGB: an RGB network");
        assertEquals(16, model.info().rows());
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(fitted.transform(test));
        assertTrue(accuracy > 0.9, "colour alone tells the classes apart; got " + accuracy);
    }
}
