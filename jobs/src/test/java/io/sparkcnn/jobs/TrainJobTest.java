package io.sparkcnn.jobs;

import io.sparkcnn.data.MinibatchFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.data.DataException;
import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.models.LearningRateSchedule;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import io.sparkcnn.evaluation.ClassificationReport;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.ModelSettings;
import io.sparkcnn.settings.TrainSettings;

/** The train job end to end on real Fashion-MNIST images in local[2]. */
class TrainJobTest extends SparkTestContext {
    @TempDir
    Path tmp;

    private static final DatasetResolver RESOLVER = DatasetResolver.standard(msg -> { });

    /** Resolves the settings' dataset as the command line does, then runs the job. */
    private TrainingMetrics train(TrainSettings settings) {
        return TrainJob.run(sc, settings, RESOLVER.resolve(settings.data().dataset(), settings.data().dataDir()));
    }

    private static TrainSettings fashion(Path output, int epochs) {
        return TrainSettings.defaults(output).withLoop(LoopSettings.defaults().withEpochs(epochs))
                .withData(DataSettings.defaults().withTrainLimit(3000).withTestLimit(1000)).validate();
    }

    @Test
    void learnsFashionMnistFarAboveChanceAndWritesCompleteOutputs() throws IOException {
        Path out = tmp.resolve("run");
        TrainingMetrics metrics = train(fashion(out, 2));

        assertEquals(2, metrics.epochs().size());
        assertEquals(3000, metrics.trainImages());
        assertEquals(1000, metrics.finalReport().examples());
        assertTrue(metrics.finalReport().testAccuracy() > 0.60,
                "10 classes: chance is 0.10; got " + metrics.finalReport().testAccuracy());
        assertTrue(metrics.epochs().get(1).trainLoss() < metrics.epochs().get(0).trainLoss(), "loss falls");
        for (EpochMetrics e : metrics.epochs()) {
            // Each replica's time inside fit is part of the epoch (a fit counted twice would exceed it).
            assertTrue(e.fitSeconds() > 0 && e.fitSeconds() < e.trainSeconds(), e.toString());
            // Two replicas that fit different minibatches drift apart between averagings, by a small fraction.
            assertTrue(e.rounds() > 0 && e.meanDrift() > 0 && e.meanDrift() < 0.1, e.toString());
        }

        JsonNode json = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(metrics.finalReport().testAccuracy(), json.at("/final/testAccuracy").asDouble(), 1e-12);
        JsonNode confusion = json.at("/final/confusionMatrix");
        int total = 0;
        for (JsonNode row : confusion) {
            for (JsonNode cell : row) {
                total += cell.asInt();
            }
        }
        assertEquals(1000, total, "the confusion matrix counts every test image once");
        assertEquals(10, json.at("/final/perClass").size());

        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals(42, run.at("/settings/seed").asInt());
        assertEquals("f4a8712d7a061bf5bd6d2ca38dc4d50a".length(),
                run.at("/dataset/md5/train-images-idx3-ubyte.gz").asText().length());
        assertEquals("3.5.7", run.at("/versions/spark").asText());
        // What the trainer scaled with the workers is recorded beside what was set (WorkerScaling).
        int workers = run.at("/settings/workers").asInt();
        assertEquals(workers, run.at("/settings/scaledWithWorkers/workers").asInt());
        assertEquals(Math.sqrt(workers), run.at("/settings/scaledWithWorkers/learningRateFactor").asDouble(), 1e-12);
        assertTrue(run.at("/settings/scaledWithWorkers/averagingFrequency").asInt() >= 1, run.toString());

        // Where the time went, phase by phase from the job's start (no command ran it): the epochs' own figures.
        JsonNode timings = new ObjectMapper().readTree(out.resolve("timings.json").toFile());
        assertEquals("job", timings.at("/origin").asText());
        double training = metrics.epochs().stream().mapToDouble(EpochMetrics::trainSeconds).sum();
        assertEquals(training, timings.at("/seconds/training").asDouble(), 1e-9);
        double phases = 0;
        for (String phase : List.of("dataPreparation", "training", "evaluation", "aroundEpochs", "outputs", "report")) {
            assertTrue(timings.at("/seconds/" + phase).asDouble() > 0, phase + " in " + timings);
            phases += timings.at("/seconds/" + phase).asDouble();
        }
        assertEquals(timings.at("/totalSeconds").asDouble(), phases, 1e-6, "the phases add up to the total");

        // The saved model is the trained one: evaluated here, it scores what the job reported.
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(out.resolve("model.zip").toFile());
        ResolvedDataset fashionData = RESOLVER.resolve("fashion-mnist", Optional.empty());
        LabeledImages test = fashionData.loadTest(1000);
        org.nd4j.linalg.dataset.DataSet all = MinibatchFiles.toDataSet(test, MinibatchFiles.range(1000), 0, 1000);
        Evaluation eval = new Evaluation(10);
        eval.eval(all.getLabels(), model.output(all.getFeatures()));
        assertEquals(metrics.finalReport().testAccuracy(), eval.accuracy(), 1e-9);
        assertTrue(metrics.epochs().get(1).trainAccuracyDuringEpoch() > 0.60,
                "the training passes' predictions are counted");

        // The model file knows what it was trained for, and evaluate reproduces the job's figures from it.
        ModelFile.Loaded loaded = ModelFile.read(out.resolve("model.zip"));
        assertEquals(fashionData.labelNames(), loaded.info().labelNames());
        assertEquals("cnn", loaded.info().model());
        ClassificationReport again = EvaluateJob.run(sc, loaded, fashionData, 2, 100, 1000);
        assertEquals(metrics.finalReport().testAccuracy(), again.testAccuracy(), 1e-9);
        assertEquals(metrics.finalReport().testLoss(), again.testLoss(), 1e-5);

        // The report comes with every run: self-contained page, every kind of picture.
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<img src=\"data:image/png;base64,"), "pictures are embedded");
        for (String picture : List.of("loss.png", "accuracy.png", "drift.png", "confusion.png", "mistakes.png",
                "kernels-layer0-conv.png", "kernels-layer2-conv.png", "features-image0-ankle-boot-layer0-conv.png",
                "features-image0-ankle-boot-layer3-pool.png")) {
            assertTrue(Files.size(out.resolve("pictures").resolve(picture)) > 1000, picture);
        }
        // Drawn from the final evaluation's probabilities, the test set's pictures are those of the saved model's
        // predictions made anew.
        assertTrue(html.contains("predicted by the final evaluation"), "the final evaluation's probabilities used");
        Path anew = tmp.resolve("visualized");
        VisualizeJob.run(loaded, fashionData, Optional.of(out), 1, 1000, anew, false);
        assertTrue(Files.readString(anew.resolve("report.html")).contains("computed for this report"));
        for (String picture : List.of("confusion.png", "mistakes.png")) {
            assertArrayEquals(Files.readAllBytes(out.resolve("pictures").resolve(picture)),
                    Files.readAllBytes(anew.resolve("pictures").resolve(picture)), picture);
        }
    }

    @Test
    void learningRateScheduleReachesTheWorkers() {
        // Decay 1e-9: the second epoch trains at 1e-12, so it must leave the model as the first epoch left it.
        TrainingMetrics one = train(decayed(tmp.resolve("one"), 1, 1e-9));
        TrainingMetrics two = train(decayed(tmp.resolve("two"), 2, 1e-9));
        TrainingMetrics constant = train(decayed(tmp.resolve("constant"), 2, 1.0));
        double afterOne = one.epochs().get(0).testLoss();
        // Two workers: every epoch's rate is scaled by sqrt(2) (WorkerScaling), and recorded as trained with.
        assertEquals(1e-12 * Math.sqrt(2), two.epochs().get(1).learningRate(), 1e-24);
        assertEquals(afterOne, two.epochs().get(1).testLoss(), 1e-5, "a near-zero rate changes nothing");
        assertTrue(Math.abs(afterOne - constant.epochs().get(1).testLoss()) > 1e-3,
                "while a constant rate keeps learning: " + afterOne + " vs " + constant.epochs().get(1).testLoss());
    }

    @Test
    void cosineScheduleHalvesTheRateHalfwayThrough() {
        ModelSettings cnn = ModelSettings.defaults();
        TrainSettings settings = quick(tmp.resolve("cosine"), 2, 320, 100)
                .withModel(cnn.withHyper(cnn.hyper().withSchedule(LearningRateSchedule.COSINE).withLearningRate(0.004)))
                .validate();
        TrainingMetrics run = train(settings);
        // Scaled by sqrt(2) for the two workers (WorkerScaling).
        assertEquals(0.004 * Math.sqrt(2), run.epochs().get(0).learningRate(), 1e-15);
        assertEquals(0.002 * Math.sqrt(2), run.epochs().get(1).learningRate(), 1e-15);
    }

    private static TrainSettings decayed(Path output, int epochs, double decay) {
        ModelSettings cnn = ModelSettings.defaults();
        return quick(output, epochs, 640, 300).withModel(cnn.withHyper(cnn.hyper().withLearningRateDecay(decay)))
                .validate();
    }

    /** Minibatches of 32, averaged every 2, seed 7, on a subset. */
    private static TrainSettings quick(Path output, int epochs, int trainImages, int testImages) {
        return TrainSettings.defaults(output)
                .withLoop(LoopSettings.defaults().withEpochs(epochs).withBatchSize(32).withSeed(7))
                .withAveraging(AveragingSettings.defaults().withAveragingFrequency(2))
                .withData(DataSettings.defaults().withTrainLimit(trainImages).withTestLimit(testImages));
    }

    @Test
    void sameSeedGivesTheSameRun() {
        TrainingMetrics a = train(shortRun(tmp.resolve("a")));
        TrainingMetrics b = train(shortRun(tmp.resolve("b")));
        assertEquals(a.finalReport().testAccuracy(), b.finalReport().testAccuracy(), 0.0);
        assertEquals(a.epochs().get(0).trainLoss(), b.epochs().get(0).trainLoss(), 0.0);
    }

    private static TrainSettings shortRun(Path output) {
        return quick(output, 1, 640, 300).validate();
    }

    @Test
    void badDataFailsWithoutLeavingAnOutput() throws IOException {
        Path data = IdxFixtures.writeDataset(tmp.resolve("data"), 40, 20);
        byte[] labels = Files.readAllBytes(data.resolve("train-labels-idx1-ubyte.gz"));
        Files.write(data.resolve("train-labels-idx1-ubyte.gz"), java.util.Arrays.copyOf(labels, labels.length / 2));
        Path out = tmp.resolve("out");
        TrainSettings settings = TrainSettings.defaults(out)
                .withData(DataSettings.defaults().withDataset("mine").withDataDir(data))
                .withLoop(LoopSettings.defaults().withEpochs(1).withBatchSize(8))
                .withAveraging(AveragingSettings.defaults().withAveragingFrequency(1)).validate();
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> train(settings));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
        assertFalse(Files.exists(out), "no output directory for a failed run");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("data"), left.map(p -> p.getFileName().toString()).toList(),
                    "no staging directory is left behind");
        }
    }
}
