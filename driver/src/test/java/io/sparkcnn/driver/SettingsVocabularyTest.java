package io.sparkcnn.driver;

import static io.sparkcnn.driver.CliRun.assertUsageError;
import static io.sparkcnn.driver.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.sparkcnn.benchmark.BenchmarkSettings;
import io.sparkcnn.benchmark.RepeatSettings;
import io.sparkcnn.benchmark.VariantSettings;
import io.sparkcnn.executor.Backend;
import io.sparkcnn.executor.ExecutorSettings;
import io.sparkcnn.loading.Augmentation;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.ModelSettings;
import io.sparkcnn.settings.OutputSettings;
import io.sparkcnn.settings.PrepareSettings;
import io.sparkcnn.settings.SettingProblem;
import io.sparkcnn.settings.TrainSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * One name per idea: the options' spellings shared by the commands, the old spellings still accepted, and every
 * problem a setting can have shown as an option the command has.
 */
class SettingsVocabularyTest {
    @TempDir
    Path tmp;

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void oldSpellingsParseToTheSameSettings() throws IOException {
        BenchmarkSettings oldBenchmark = parse(new BenchmarkCommand(), "--train-images", "640", "--test-images", "500",
                "--models", "cnn").settings();
        BenchmarkSettings newBenchmark = parse(new BenchmarkCommand(), "--train-limit", "640", "--test-limit", "500",
                "--models", "cnn").settings();
        assertEquals(newBenchmark, oldBenchmark);
        assertEquals(640, newBenchmark.data().trainLimit());
        assertEquals(500, newBenchmark.data().testLimit());

        PrepareSettings oldPrepare = parse(new PrepareCommand(), "--shards", "4", "--output", "shards").settings();
        PrepareSettings newPrepare = parse(new PrepareCommand(), "--workers", "4", "--output", "shards").settings();
        assertEquals(newPrepare, oldPrepare);
        assertEquals(4, newPrepare.workers());
        assertEquals(4, newPrepare.plan().shards(), "one shard per worker");

        Path config = Files.writeString(tmp.resolve("executor.yaml"), "threads-per-replica: 3\nprefetch: 2\n");
        String out = tmp.resolve("out").toString();
        TrainSettings oldTrain = parse(new TrainCommand(), "--worker-config", config.toString(), "--output", out)
                .settings();
        TrainSettings newTrain = parse(new TrainCommand(), "--executor-config", config.toString(), "--output", out)
                .settings();
        assertEquals(newTrain, oldTrain);
        assertEquals(ExecutorSettings.defaults().withThreadsPerReplica(3).withPrefetch(2), newTrain.executor());
    }

    @Test
    void oldSpellingsWorkInConfigFilesAndOnTheWholeCommandLine() throws IOException {
        Path executor = Files.writeString(tmp.resolve("executor.yaml"), "backend: cuda\n");
        Path config = Files.writeString(tmp.resolve("run.yaml"), "worker-config: " + executor + "\n");
        // The file's executor settings arrive through the old option: cuda without GPUs is refused by name.
        assertUsageError(run("train", "--config", config.toString()), "--backend cuda needs gpus-per-executor");
        assertUsageError(run("benchmark", "--train-images", "-1"), "--train-limit must be at least 0, was -1");
        assertUsageError(run("prepare", "--shards", "0", "--output", tmp.resolve("s").toString()),
                "--workers must be at least 1, was 0");
    }

    @Test
    void helpShowsTheNewNamesOnly() {
        String train = run("train", "--help").out();
        assertTrue(train.contains("--executor-config"), train);
        assertTrue(train.contains("--train-limit") && train.contains("--test-limit"), train);
        assertFalse(train.contains("--worker-config"), train);
        String prepare = run("prepare", "--help").out();
        assertTrue(prepare.contains("--workers=N"), prepare);
        assertFalse(prepare.contains("--shards=N"), prepare);
        String benchmark = run("benchmark", "--help").out();
        assertTrue(benchmark.contains("--train-limit") && benchmark.contains("--test-limit"), benchmark);
        assertFalse(benchmark.contains("--train-images") || benchmark.contains("--test-images"), benchmark);
    }

    /** Settings with a bad value in every field a record checks. */
    private static TrainSettings badTrain() {
        ModelSettings cnn = ModelSettings.defaults();
        return new TrainSettings(
                DataSettings.defaults().withDataset("cifar").withTrainLimit(-1).withTestLimit(-1),
                cnn.withLayers(LayerImplementation.DL4J).withHyper(cnn.hyper().withLearningRate(0)
                        .withLearningRateDecay(2).withDropout(1).withL2(-1).withHiddenUnits(0)
                        .withConvFilters(List.of(0))),
                LoopSettings.defaults().withEpochs(0).withBatchSize(0),
                AveragingSettings.defaults().withWorkers(0).withAveragingFrequency(0).withRoundsPerJob(0)
                        .withRoundRetries(-1),
                new Augmentation(9, false),
                ExecutorSettings.defaults().withBackend(Backend.CUDA).withThreadsPerReplica(-1).withOffHeap("lots")
                        .withGpusPerExecutor(-1).withPrefetch(-1),
                new OutputSettings(null, false));
    }

    private static BenchmarkSettings badBenchmark(Path existing) {
        BenchmarkSettings d = BenchmarkSettings.defaults(null);
        return new BenchmarkSettings(d.data().withTrainLimit(-1).withTestLimit(-1),
                d.loop().withEpochs(0).withBatchSize(0),
                VariantSettings.defaults().withModels(List.of("resnet", "resnet")).withLayers(List.of())
                        .withWorkers(List.of(0, 0)).withAveragingFrequency(0).withPeers(List.of("caffe"))
                        .withThreads(0),
                RepeatSettings.defaults().withRepeats(0).withWarmupImages(-1),
                java.util.Optional.of(new OutputSettings(existing, false)));
    }

    @Test
    void everyProblemNamesAnOptionOfItsCommand() throws IOException {
        Path existing = Files.writeString(tmp.resolve("old.json"), "{}");
        check(new TrainCommand(), badTrain().problems(), List.of("dataset", "train-limit", "test-limit",
                "learning-rate", "lr-decay", "dropout", "l2", "hidden-units", "filters", "epochs", "batch-size",
                "workers", "averaging-frequency", "rounds-per-job", "round-retries", "augment-shift", "backend",
                "threads-per-replica", "off-heap", "gpus-per-executor", "prefetch", "output"));
        check(new BenchmarkCommand(), badBenchmark(existing).problems(), List.of("train-limit", "test-limit",
                "epochs", "batch-size", "models", "layers", "workers-list", "averaging-frequency", "peers", "threads",
                "repeats", "warmup-images", "output"));
        PrepareSettings prepare = new PrepareSettings(DataSettings.defaults().withTestLimit(-1), 0,
                LoopSettings.defaults().withBatchSize(0), null, false);
        check(new PrepareCommand(), prepare.problems(), List.of("workers", "batch-size", "test-limit", "output"));
    }

    /** Every field in {@code expected} has a problem, and every problem names an option {@code command} has. */
    private static void check(Object command, List<SettingProblem> problems, List<String> expected) {
        CommandLine cli = new CommandLine(command);
        List<String> fields = problems.stream().map(SettingProblem::field).distinct().toList();
        assertEquals(expected.stream().sorted().toList(), fields.stream().sorted().toList(), problems.toString());
        for (SettingProblem p : problems) {
            assertNotNull(cli.getCommandSpec().findOption("--" + p.field()),
                    cli.getCommandName() + " has no option for " + p);
            assertTrue(p.asOption().startsWith("--" + p.field()), p.asOption());
        }
    }

    static Stream<Arguments> badValues() {
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of(List.of("train", "--rounds-per-job", "0"), "--rounds-per-job must be at least 1, was 0"),
                Arguments.of(List.of("train", "--round-retries", "-1"), "--round-retries must be at least 0, was -1"),
                Arguments.of(List.of("train", "--averaging-frequency", "0"),
                        "--averaging-frequency must be at least 1, was 0"),
                Arguments.of(List.of("train", "--train-limit", "-1"), "--train-limit must be at least 0, was -1"),
                Arguments.of(List.of("train", "--train-limit", "1"),
                        "--train-limit 1 is less than --workers 2: every worker needs at least one image"),
                Arguments.of(List.of("train", "--prefetch", "-1"), "--prefetch must be at least 0, was -1"),
                Arguments.of(List.of("train", "--threads-per-replica", "-2"),
                        "--threads-per-replica must be 0 (automatic) or positive, was -2"),
                Arguments.of(List.of("train", "--off-heap", "lots"), "--off-heap must be a size like 2g or 1536m"),
                Arguments.of(List.of("train", "--gpus-per-executor", "1"), "--gpus-per-executor 1 needs backend cuda"),
                Arguments.of(List.of("train", "--executor-config", "none.yaml"),
                        "executor config none.yaml does not exist"),
                Arguments.of(List.of("benchmark", "--test-limit", "-1"), "--test-limit must be at least 0, was -1"),
                Arguments.of(List.of("benchmark", "--threads", "0"), "--threads must be at least 1, was 0"),
                Arguments.of(List.of("benchmark", "--train-limit", "100", "--workers-list", "2"),
                        "--train-limit 100 is less than one minibatch of 64 for each of 2 workers"),
                Arguments.of(List.of("prepare", "--workers", "0", "--batch-size", "0", "--output", "x"),
                        "--workers must be at least 1, was 0; --batch-size must be at least 1, was 0"),
                Arguments.of(List.of("prepare", "--dataset", "cifar", "--output", "x"), "--dataset 'cifar' is unknown"),
                Arguments.of(List.of("evaluate", "--model-file", "m.zip", "--test-limit", "-1"),
                        "--test-limit must be at least 0, was -1"),
                Arguments.of(List.of("evaluate", "--model-file", "m.zip", "--workers", "0"),
                        "--workers must be at least 1, was 0"),
                Arguments.of(List.of("visualize", "--model-file", "m.zip", "--output", "p", "--images", "-1"),
                        "--images must be at least 0, was -1")));
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueIsAUsageErrorNamingItsOption(List<String> args, String message) {
        assertUsageError(run(args.toArray(String[]::new)), message);
    }
}
