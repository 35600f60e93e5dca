package io.sparkcnn.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.executor.ExecutorSettings;
import io.sparkcnn.loading.Augmentation;
import io.sparkcnn.models.LearningRateSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every settings record checks its own fields and names each bad one as its option. */
class SettingsRecordsTest {
    @TempDir
    Path tmp;

    private static List<String> fields(List<SettingProblem> problems) {
        return problems.stream().map(SettingProblem::field).toList();
    }

    @Test
    void theDefaultsAreValid() {
        assertEquals(List.of(), TrainSettings.defaults(Path.of("out")).problems());
        assertEquals(List.of(), new PrepareSettings(DataSettings.defaults(), 2, LoopSettings.defaults(),
                URI.create("file:///tmp/shards"), false).problems());
    }

    @Test
    void dataSettingsNameTheirFields() {
        DataSettings bad = DataSettings.defaults().withDataset("cifar").withTrainLimit(-1).withTestLimit(-2);
        assertEquals(List.of("dataset", "train-limit", "test-limit"), fields(bad.problems()));
        assertEquals("--dataset 'cifar' is unknown: expected one of [mnist, fashion-mnist], or give --data-dir with"
                + " MNIST-format files", bad.problems().get(0).asOption());
        assertEquals(List.of(), bad.withDataDir(tmp).withTrainLimit(0).withTestLimit(0).problems(),
                "any name with a data directory");
        assertEquals(3, DataSettings.defaults().withTrainLimit(100).shardPlan(3, LoopSettings.defaults()).shards());
    }

    @Test
    void loopAndAveragingSettingsNameTheirFields() {
        assertEquals(List.of("epochs", "batch-size"),
                fields(LoopSettings.defaults().withEpochs(0).withBatchSize(-1).problems()));
        AveragingSettings averaging = AveragingSettings.defaults().withWorkers(0).withAveragingFrequency(0)
                .withRoundsPerJob(0).withRoundRetries(-1);
        assertEquals(List.of("workers", "averaging-frequency", "rounds-per-job", "round-retries"),
                fields(averaging.problems()));
        assertEquals("--rounds-per-job must be at least 1, was 0", averaging.problems().get(2).asOption());
        assertEquals("--round-retries must be at least 0, was -1", averaging.problems().get(3).asOption());
    }

    @Test
    void modelSettingsNameTheirFields() {
        SettingsException unknown = assertThrows(SettingsException.class, () -> ModelSettings.of("resnet"));
        assertEquals("--model 'resnet' is unknown: expected one of [mlp, cnn, cnn-bn, lenet5] or keras:FILE", unknown.getMessage());
        ModelSettings lenet = ModelSettings.of("lenet5");
        ModelSettings bad = lenet.withHyper(lenet.hyper().withLearningRate(-1).withHiddenUnits(64)
                .withConvFilters(List.of(8)));
        assertEquals(List.of("learning-rate", "hidden-units", "filters"), fields(bad.problems()));
        assertEquals("--hidden-units: model 'lenet5' has fixed hidden layers", bad.problems().get(1).asOption());
        assertEquals("--filters: model 'lenet5' has 2 convolutions, so expected 2 numbers, one per convolution (its"
                + " default: [6, 16]), got [8]", bad.problems().get(2).asOption());
        ModelSettings mlp = ModelSettings.of("mlp");
        assertEquals("--filters: model 'mlp' has no convolutions",
                mlp.withHyper(mlp.hyper().withConvFilters(List.of(8, 8))).problems().get(0).asOption());
        assertEquals(List.of("model"), fields(new ModelSettings("resnet", lenet.layers(), lenet.hyper()).problems()));
    }

    @Test
    void outputSettingsNameTheirField() throws Exception {
        assertEquals(List.of("output"), fields(new OutputSettings(null, false).problems()));
        Path existing = Files.writeString(tmp.resolve("old.json"), "{}");
        assertEquals("--output " + existing + ": already exists; choose another file or add --overwrite",
                new OutputSettings(existing, false).fileProblems().get(0).asOption());
        assertEquals(List.of(), new OutputSettings(existing, true).fileProblems());
        assertEquals(List.of("output"), fields(new OutputSettings(tmp, true).fileProblems()), "a directory");
    }

    @Test
    void prepareSettingsNameTheirFields() {
        PrepareSettings bad = new PrepareSettings(DataSettings.defaults().withTrainLimit(-1), 0,
                LoopSettings.defaults().withBatchSize(0), null, false);
        assertEquals(List.of("workers", "batch-size", "train-limit", "output"), fields(bad.problems()));
        assertThrows(SettingsException.class, bad::validate);
    }

    @Test
    void trainSettingsGatherEveryRecordsProblemsAndTheirOwn() {
        TrainSettings d = TrainSettings.defaults(Path.of("out"));
        TrainSettings bad = d.withLoop(d.loop().withEpochs(0))
                .withAveraging(d.averaging().withWorkers(4))
                .withData(d.data().withTrainLimit(3))
                .withAugmentation(new Augmentation(5, true))
                .withExecutor(ExecutorSettings.defaults().withPrefetch(-1));
        assertEquals(List.of("epochs", "prefetch", "augment-shift", "train-limit"), fields(bad.problems()));
        SettingsException e = assertThrows(SettingsException.class, bad::validate);
        assertEquals("--epochs must be at least 1, was 0; --prefetch must be at least 0, was -1; --augment-shift must"
                + " be between 0 and 4 pixels, was 5; --train-limit 3 is less than --workers 4: every worker needs at"
                + " least one image", e.getMessage());
    }

    @Test
    void runJsonKeepsItsKeys() {
        TrainSettings d = TrainSettings.defaults(Path.of("out"));
        assertEquals(List.of("dataset", "dataDir", "model", "layers", "epochs", "workers", "batchSize",
                "averagingFrequency", "roundsPerJob", "workerScaling", "roundRetries", "prefetch", "optimizer",
                "learningRate",
                "learningRateSchedule", "learningRateDecay", "dropout", "l2", "weightInit", "hiddenUnits", "filters",
                "augmentShift", "augmentFlip", "seed", "trainLimit", "testLimit", "backend", "threadsPerReplica", "offHeap",
                "gpusPerExecutor", "output", "overwrite"), List.copyOf(d.asMap().keySet()));
        assertEquals("cpu", d.asMap().get("backend"));
        assertEquals(1.0, d.asMap().get("learningRateDecay"));
        ModelSettings cosine = d.model().withHyper(d.model().hyper().withSchedule(LearningRateSchedule.COSINE));
        assertTrue(d.withModel(cosine).asMap().containsKey("learningRateDecay"));
        assertEquals(null, d.withModel(cosine).asMap().get("learningRateDecay"), "no decay under the cosine schedule");
    }
}
