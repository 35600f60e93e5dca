package io.sparkcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.ImageShape;
import io.sparkcnn.data.PictureFixtures;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.evaluation.ClassificationReport;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.TrainSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelled image sets that are not MNIST-shaped, trained end to end in local[2]: the network takes its input shape
 * and class count from the data, model.zip records them, and evaluate and the report work with them.
 */
class AnyImagesTrainingTest extends SparkTestContext {
    @TempDir
    Path tmp;

    /** Trains briefly on {@code data}: minibatches of 16, averaged every 2 minibatches, seed 5. */
    private TrainingMetrics train(ResolvedDataset data, Path out, int epochs) {
        TrainSettings settings = TrainSettings.defaults(out)
                .withData(DataSettings.defaults().withDataset(data.name()).withDataDir(data.location()))
                .withLoop(LoopSettings.defaults().withEpochs(epochs).withBatchSize(16).withSeed(5))
                .withAveraging(AveragingSettings.defaults().withAveragingFrequency(2)).validate();
        return TrainJob.run(sc, settings, data);
    }

    private static ResolvedDataset resolve(String name, Path dir) {
        return DatasetResolver.standard(msg -> { }).resolve(name, Optional.of(dir));
    }

    @Test
    void twentyClassesOfTwentyByTwentyFourGray() throws IOException {
        ImageShape shape = new ImageShape(20, 24, ImageShape.GRAY);
        ResolvedDataset data = resolve("twenty", IdxFixtures.writeDataset(tmp.resolve("data"), 640, 100, 20, shape));
        Path out = tmp.resolve("run");
        TrainingMetrics metrics = train(data, out, 1);

        assertEquals(20, metrics.finalReport().perClass().size());
        assertTrue(metrics.finalReport().testAccuracy() > 0.5,
                "20 classes: chance is 0.05; got " + metrics.finalReport().testAccuracy());
        ModelFile.Loaded model = ModelFile.read(out.resolve("model.zip"));
        assertEquals(shape, model.info().shape());
        assertEquals(data.labelNames(), model.info().labelNames());
        ClassificationReport again = EvaluateJob.run(sc, model, data, 2, 50, 0);
        assertEquals(metrics.finalReport().testAccuracy(), again.testAccuracy(), 1e-9);
        assertTrue(Files.size(out.resolve("pictures/confusion.png")) > 1000);
    }

    @Test
    void rgbThirtyTwoByThirtyTwo() throws IOException {
        ImageShape rgb = new ImageShape(32, 32, ImageShape.RGB);
        Path dir = IdxFixtures.writeDataset(tmp.resolve("data"), 320, 60, 6, rgb);
        Files.writeString(dir.resolve("classes.txt"), "red-a\ngreen-a\nblue-a\nred-b\ngreen-b\nblue-b\n");
        ResolvedDataset data = resolve("colours", dir);
        Path out = tmp.resolve("run");
        TrainingMetrics metrics = train(data, out, 1);

        assertTrue(metrics.finalReport().testAccuracy() > 0.6,
                "6 classes told apart by colour and place: " + metrics.finalReport().testAccuracy());
        ModelFile.Loaded model = ModelFile.read(out.resolve("model.zip"));
        assertEquals(rgb, model.info().shape());
        assertEquals(List.of("red-a", "green-a", "blue-a", "red-b", "green-b", "blue-b"), model.info().labelNames());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("colours"), "the report names the dataset");
        assertTrue(Files.size(out.resolve("pictures/features-image0-red-a-layer0-conv.png")) > 1000);
        assertTrue(Files.size(out.resolve("pictures/kernels-layer0-conv.png")) > 1000);

        List<PredictJob.Prediction> predictions = PredictJob.run(model,
                List.of(dir.resolve("t10k-images-idx3-ubyte.gz")), 1);
        assertEquals(60, predictions.size());
        // A picture file is resized to the model's images, in colour: test image 4 (class 4, green-b) as a PNG.
        Path png = Files.write(tmp.resolve("four.png"), PictureFixtures.png(PictureFixtures.picture(
                IdxFixtures.learnablePixels(IdxFixtures.cyclicLabels(60, 6), 6, rgb, 2), 4, rgb)));
        PredictJob.Prediction picture = PredictJob.run(model, List.of(png), 1).get(0);
        assertEquals(predictions.get(4).top().get(0).label(), picture.top().get(0).label(),
                "the same class as the same image read from the IDX file");
    }

    @Test
    void anImageFolderOfPngs() throws IOException {
        List<String> classes = List.of("circle", "cross", "square", "star");
        Path dir = PictureFixtures.writeFolder(tmp.resolve("shapes"), classes, 160, 40, new ImageShape(16, 16, 3));
        ResolvedDataset data = resolve("shapes", dir);
        Path out = tmp.resolve("run");
        TrainingMetrics metrics = train(data, out, 1);
        assertTrue(metrics.finalReport().testAccuracy() > 0.5, "4 classes: " + metrics.finalReport().testAccuracy());
        ModelFile.Loaded model = ModelFile.read(out.resolve("model.zip"));
        assertEquals(classes, model.info().labelNames());
        assertEquals(new ImageShape(16, 16, 3), model.info().shape());
        PredictJob.Prediction star = PredictJob.run(model, List.of(dir.resolve("test/star/0003.png")), 1).get(0);
        assertEquals("star", star.top().get(0).name());
    }

    @Test
    void aParquetFileOfPngsWithClassNames() throws IOException {
        List<String> classes = List.of("a", "b", "c", "d", "e");
        Path dir = PictureFixtures.writeParquet(tmp.resolve("parquet"), classes, 200, 50,
                new ImageShape(12, 12, ImageShape.GRAY), true);
        ResolvedDataset data = resolve("letters", dir);
        Path out = tmp.resolve("run");
        TrainingMetrics metrics = train(data, out, 1);
        assertTrue(metrics.finalReport().testAccuracy() > 0.5, "5 classes: " + metrics.finalReport().testAccuracy());
        assertEquals(classes, ModelFile.read(out.resolve("model.zip")).info().labelNames());
        assertEquals(50, EvaluateJob.run(sc, ModelFile.read(out.resolve("model.zip")), data, 2, 16, 0).examples());
    }
}
