package io.sparkcnn.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.sparkcnn.benchmark.Benchmark;
import io.sparkcnn.benchmark.BenchmarkSettings;
import io.sparkcnn.benchmark.CommandBenchmark;
import io.sparkcnn.benchmark.RepeatSettings;
import io.sparkcnn.benchmark.Variant;
import io.sparkcnn.benchmark.VariantSettings;
import io.sparkcnn.benchmark.results.BenchmarkReport;
import io.sparkcnn.benchmark.results.BenchmarkTable;
import io.sparkcnn.benchmark.results.CommandReport;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.driver.options.DataOptions;
import io.sparkcnn.driver.options.ModelOptions;
import io.sparkcnn.driver.options.VerboseOption;
import io.sparkcnn.executor.ExecutorSettings;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.OutputSettings;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spark-cnn benchmark}: single-replica and Spark parameter-averaging speed, fit share, memory and accuracy
 * of the same training, measured in one run on this machine (see docs/benchmark.md).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure training speed on this machine: a single replica, Spark local parameter averaging"
                + " with each worker count, and optionally TensorFlow and PyTorch peers, on the same images.",
            "Prints a table (progress goes to standard error); --output also writes every figure as JSON."})
final class BenchmarkCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    /** The option's name before it was train's; old command lines keep working. */
    @Option(names = "--train-images", paramLabel = "N", hidden = true)
    void oldTrainLimit(int images) {
        data.trainLimit = images;
    }

    /** The option's name before it was train's; old command lines keep working. */
    @Option(names = "--test-images", paramLabel = "N", hidden = true)
    void oldTestLimit(int images) {
        data.testLimit = images;
    }

    @Option(names = "--models", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Models to measure, each as a single replica and with Spark. Default: cnn,cnn-bn.")
    List<String> models = new ArrayList<>(VariantSettings.DEFAULT_MODELS);

    @Option(names = "--layers", paramLabel = "IMPL[,IMPL...]", split = ",",
            converter = ModelOptions.LayersConverter.class,
            description = "Layer implementations to measure each model with: fast (spark-cnn's), dl4j (DL4J's own)."
                    + " Default: fast,dl4j.")
    List<LayerImplementation> layers = new ArrayList<>(VariantSettings.DEFAULT_LAYERS);

    @Option(names = "--epochs", paramLabel = "N",
            description = "Timed epochs per measurement. Default: ${DEFAULT-VALUE}.")
    int epochs = BenchmarkSettings.DEFAULT_EPOCHS;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Minibatch size of every replica, as train's option. Default: ${DEFAULT-VALUE}.")
    int batchSize = LoopSettings.DEFAULT_BATCH_SIZE;

    @Option(names = "--repeats", paramLabel = "N",
            description = "Measure every variant N times, alternating between them; report medians."
                    + " Default: ${DEFAULT-VALUE}.")
    int repeats = RepeatSettings.DEFAULT_REPEATS;

    @Option(names = "--workers-list", paramLabel = "N[,N...]", split = ",",
            description = "Spark worker counts to measure, in local[MAX] mode. Default: 1,2.")
    List<Integer> workers = new ArrayList<>(VariantSettings.DEFAULT_WORKERS);

    @Option(names = "--averaging-frequency", paramLabel = "N",
            description = "Minibatches each Spark replica fits between parameter averagings, as train's option."
                    + " Default: ${DEFAULT-VALUE}.")
    int averagingFrequency = AveragingSettings.DEFAULT_AVERAGING_FREQUENCY;

    @Option(names = "--threads", paramLabel = "N",
            description = "Native threads of the single replica and the peers. Default: the machine's cores"
                    + " (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--warmup-images", paramLabel = "N",
            description = "Before the first repeat, train each variant once, untimed, on N images (0: no warm-up)."
                    + " Default: ${DEFAULT-VALUE}.")
    int warmupImages = RepeatSettings.DEFAULT_WARMUP_IMAGES;

    @Option(names = "--peers", arity = "0..1", split = ",", paramLabel = "ENGINE",
            fallbackValue = "tensorflow,pytorch",
            description = "Also run the seed CNN in TensorFlow Java and PyTorch (DJL), from the optional"
                    + " peer-benchmarks module (bin/spark-cnn builds it when needed); --peers tensorflow (or pytorch)"
                    + " runs only that one.")
    List<String> peers = List.of();

    @Option(names = "--commands", description = "Instead of the variants: time the whole train command (the default"
            + " run, and --epochs 1 --train-limit 2000 --test-limit 500), each in a JVM of its own, phase by phase"
            + " (JVM and Spark start, data preparation, training, evaluation, report, exit); with --repeats.")
    boolean commands;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seeds weights, the image subset and minibatch order. Default: ${DEFAULT-VALUE}.")
    long seed = LoopSettings.DEFAULT_SEED;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write every run and figure as JSON to FILE.")
    Path output;

    @Option(names = "--overwrite", description = "Replace an existing --output file.")
    boolean overwrite;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    /** The settings the options give, checked: every problem at once, each named by its option. */
    BenchmarkSettings settings() {
        return new BenchmarkSettings(data.settings(),
                LoopSettings.defaults().withEpochs(epochs).withBatchSize(batchSize).withSeed(seed),
                VariantSettings.defaults().withModels(models).withLayers(layers).withWorkers(workers)
                        .withAveragingFrequency(averagingFrequency)
                        .withPeers(peers).withThreads(threads),
                RepeatSettings.defaults().withRepeats(repeats).withWarmupImages(warmupImages),
                Optional.ofNullable(output).map(file -> new OutputSettings(file, overwrite)))
                .validate();
    }

    @Override
    public Integer call() {
        BenchmarkSettings settings = settings();
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        List<String> commandLine = new ArrayList<>(List.of("bin/spark-cnn"));
        commandLine.addAll(original.subList(Math.max(0, original.indexOf("benchmark")), original.size()));
        if (commands) {
            DataOptions.resolve(settings.data()); // a missing dataset is refused before any command runs
            CommandReport report = CommandBenchmark.run(settings.data(), settings.repeats().repeats(),
                    settings.output(), commandLine);
            spec.commandLine().getOut().print(report.format());
            spec.commandLine().getOut().flush();
            return 0;
        }
        // Everything that can be refused is refused before Spark starts and anything is measured.
        List<Variant> variants = Benchmark.plan(settings);
        ResolvedDataset dataset = DataOptions.resolve(settings.data());
        BenchmarkReport report;
        try (JavaSparkContext sc = SparkSessions.start("spark-cnn benchmark", settings.master(),
                settings.variants().maxWorkers(), ExecutorSettings.defaults())) {
            report = Benchmark.run(sc, settings, variants, dataset, commandLine);
        }
        spec.commandLine().getOut().print(BenchmarkTable.format(report));
        if (output != null) {
            spec.commandLine().getOut().printf("%nevery run and figure: %s%n", output);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
