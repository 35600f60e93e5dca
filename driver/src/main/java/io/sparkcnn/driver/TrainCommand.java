package io.sparkcnn.driver;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.KnownDataset;
import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.loading.Augmentation;
import io.sparkcnn.output.Checkpoints;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.jobs.TrainJob;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.models.LearningRateSchedule;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.worker.Backend;
import io.sparkcnn.worker.WorkerConfig;
import io.sparkcnn.models.Optimizer;
import io.sparkcnn.models.WeightInitScheme;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code spark-cnn train}: trains a model by parameter averaging and writes model, metrics and provenance. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a CNN on MNIST-format data with Spark parameter averaging.",
            "Writes model.zip, metrics.json and run.json into --output, all at once at the end."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "mnist or fashion-mnist (found in --data-dir, ~/.cache/spark-cnn, the Debian package,"
                    + " or downloaded); any name with --data-dir. Default: ${DEFAULT-VALUE}.")
    String dataset = TrainSettings.DEFAULT_DATASET;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                    + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz].")
    Path dataDir;

    @Option(names = "--shards", paramLabel = "URI",
            description = "Train on shards written by 'spark-cnn prepare' (any Hadoop URI); they fix the dataset,"
                    + " minibatch size and shuffle.")
    URI shards;

    @Option(names = "--model", paramLabel = "NAME", description = "Network to train: ${COMPLETION-CANDIDATES}"
            + " ('spark-cnn models' describes them). Default: ${DEFAULT-VALUE}.", completionCandidates = HyperparameterOptions.ModelNames.class)
    String model = TrainSettings.DEFAULT_MODEL;

    @Option(names = "--layers", paramLabel = "IMPL", converter = HyperparameterOptions.LayersConverter.class,
            defaultValue = "fast",
            description = "Who computes the layers (convolution, pooling, batch norm, dense, softmax output) and Adam's"
                    + " updates: fast (spark-cnn's, several times faster on CPUs) or dl4j (Deeplearning4j's own; same"
                    + " results). Default: ${DEFAULT-VALUE}.")
    io.sparkcnn.models.LayerImplementation layers;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    int epochs = TrainSettings.DEFAULT_EPOCHS;

    @Option(names = "--workers", paramLabel = "N",
            description = "Replicas trained in parallel, one data shard each. Default: ${DEFAULT-VALUE}.")
    int workers = TrainSettings.DEFAULT_WORKERS;

    @Option(names = "--batch-size", paramLabel = "N", description = "Minibatch size per worker. Default: ${DEFAULT-VALUE}.")
    int batchSize = TrainSettings.DEFAULT_BATCH_SIZE;

    @Option(names = "--averaging-frequency", paramLabel = "N",
            description = "Minibatches each worker fits between parameter averagings. Default: ${DEFAULT-VALUE}.")
    int averagingFrequency = TrainSettings.DEFAULT_AVERAGING_FREQUENCY;

    @Option(names = "--rounds-per-job", paramLabel = "N",
            description = "Averaging rounds per Spark job; between them the replicas are averaged through the driver's"
                    + " RPC (Spark's barrier mode runs them together). 1: a Spark job per round, DL4J's scheme."
                    + " Default: ${DEFAULT-VALUE}.")
    int roundsPerJob = TrainSettings.DEFAULT_ROUNDS_PER_JOB;

    @Option(names = "--optimizer", paramLabel = "NAME", converter = HyperparameterOptions.OptimizerConverter.class,
            description = "sgd, momentum (Nesterov, 0.9) or adam. Default: the model's (see 'spark-cnn models').")
    Optimizer optimizer;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Step size of the optimizer in the first epoch. Default: the model's.")
    Double learningRate;

    @Option(names = "--lr-decay", paramLabel = "FACTOR",
            description = "Multiply the learning rate by FACTOR after every epoch (1: constant). Default: the model's.")
    Double learningRateDecay;

    @Option(names = "--lr-schedule", paramLabel = "NAME", converter = HyperparameterOptions.ScheduleConverter.class,
            description = "exponential (times --lr-decay after every epoch) or cosine (half a cosine wave from"
                    + " --learning-rate towards zero over --epochs). Default: exponential.")
    LearningRateSchedule schedule;

    @Option(names = "--dropout", paramLabel = "RATE",
            description = "Fraction of activations dropped before each dense layer in training (0: none)."
                    + " Default: the model's.")
    Double dropout;

    @Option(names = "--l2", paramLabel = "PENALTY", description = "L2 weight penalty (0: none). Default: the model's.")
    Double l2;

    @Option(names = "--weight-init", paramLabel = "NAME", converter = HyperparameterOptions.WeightInitConverter.class,
            description = "xavier, xavier-uniform, he, he-uniform or lecun, for the hidden layers (the softmax layer"
                    + " starts xavier). Default: the model's.")
    WeightInitScheme weightInit;

    @Option(names = "--hidden-units", paramLabel = "N",
            description = "Width of the hidden dense layer of mlp, cnn and cnn-bn. Default: 128.")
    Integer hiddenUnits;

    @Option(names = "--filters", paramLabel = "N,N", split = ",",
            description = "Filters of each convolution, in order (cnn, cnn-bn: 32,32; lenet5: 6,16). Default: the"
                    + " model's.")
    List<Integer> filters;

    @Option(names = "--augment-shift", paramLabel = "PIXELS",
            description = "Shift each training image by up to PIXELS (0-" + Augmentation.MAX_SHIFT + ") in x and y,"
                    + " new shifts every epoch (0: none). Default: ${DEFAULT-VALUE}.")
    int augmentShift;

    @Option(names = "--augment-flip",
            description = "Mirror half of the training images left-right, anew every epoch (clothes, not digits).")
    boolean augmentFlip;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seeds weights, shards and minibatch order; same seed, same run. Default: ${DEFAULT-VALUE}.")
    long seed = TrainSettings.DEFAULT_SEED;

    @Option(names = "--train-limit", paramLabel = "N",
            description = "Train on a class-balanced subset of N images (0: all). For quick runs.")
    int trainLimit;

    @Option(names = "--test-limit", paramLabel = "N",
            description = "Evaluate on the first N test images (0: all).")
    int testLimit;

    @Option(names = "--worker-config", paramLabel = "FILE",
            description = "YAML file of executor settings: backend, gpus-per-executor, threads-per-replica, off-heap,"
                    + " prefetch (see docs/worker-config.md); the options below win over it.")
    Path workerConfig;

    @Option(names = "--backend", paramLabel = "NAME", converter = HyperparameterOptions.BackendConverter.class,
            description = "cpu, or cuda (a jar built with -Pcuda, executors with GPUs). Default: cpu.")
    Backend backend;

    @Option(names = "--gpus-per-executor", paramLabel = "N",
            description = "GPUs each executor requests from Spark (cuda); each task binds the one it is given.")
    Integer gpusPerExecutor;

    @Option(names = "--threads-per-replica", paramLabel = "N",
            description = "Native threads per replica (0: the cores shared among the replicas). Default: 0.")
    Integer threadsPerReplica;

    @Option(names = "--off-heap", paramLabel = "SIZE",
            description = "ND4J's off-heap limit per executor, e.g. 4g, also reserved as Spark memoryOverhead.")
    String offHeap;

    @Option(names = "--prefetch", paramLabel = "N",
            description = "Minibatches each worker loads ahead in the background (a corrupt file then hangs"
                    + " instead of failing). Default: 0.")
    Integer prefetch;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master. Default: the one spark-submit set, else local[WORKERS].")
    String master;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Output directory (must not exist or be empty). Default: runs/train-DATASET-TIMESTAMP.")
    Path output;

    @Option(names = "--overwrite", description = "Replace a non-empty --output directory when the run succeeds.")
    boolean overwrite;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file of options (keys are option names without '--'); options given here win.")
    Path config;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run that was writing DIR from its last checkpoint (one is kept after every"
                    + " epoch), with the settings it was started with; give no other options.")
    Path resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (resume != null) {
            return resumeRun();
        }
        TrainSettings settings = settings();
        // What --resume replays: this command line, with the output pinned (a default name holds a timestamp).
        List<String> original = spec.commandLine().getParseResult().originalArgs(); // from "train" on
        List<String> commandLine = new ArrayList<>(original.subList(original.indexOf("train") + 1, original.size()));
        commandLine.add("--output");
        commandLine.add(settings.output().toAbsolutePath().toString());
        return train(settings, Checkpoints.beside(settings.output(), commandLine), Optional.empty());
    }

    private TrainSettings settings() {
        WorkerConfig executorSide = (workerConfig != null ? WorkerConfig.read(workerConfig) : WorkerConfig.EMPTY)
                .overriddenBy(new WorkerConfig(backend, threadsPerReplica, offHeap, gpusPerExecutor, prefetch));
        return TrainSettings.builder().dataset(dataset).dataDir(dataDir).model(model).layers(layers)
                .epochs(epochs).workers(workers).batchSize(batchSize).averagingFrequency(averagingFrequency)
                .roundsPerJob(roundsPerJob)
                .prefetch(executorSide.prefetch() != null ? executorSide.prefetch() : TrainSettings.DEFAULT_PREFETCH)
                .executor(executorSide.executorSettings()).optimizer(optimizer).learningRate(learningRate)
                .learningRateDecay(learningRateDecay).schedule(schedule).dropout(dropout).l2(l2).weightInit(weightInit)
                .hiddenUnits(hiddenUnits).filters(filters).augmentation(new Augmentation(augmentShift, augmentFlip)).seed(seed).trainLimit(trainLimit).testLimit(testLimit)
                .output(output != null ? output : defaultOutput())
                .overwrite(overwrite).build();
    }

    /** The run's own command line again, from its newest checkpoint on. */
    private Integer resumeRun() {
        boolean others = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(OptionSpec::longestName).anyMatch(n -> !n.equals("--resume") && !n.equals("--verbose"));
        if (others) {
            throw new SettingsException("--resume takes no other options: the run continues with the settings it"
                    + " was started with");
        }
        Checkpoints checkpoints = Checkpoints.beside(resume, List.of());
        Checkpoints.Checkpoint latest = checkpoints.latest().orElseThrow(() -> new SettingsException("--resume "
                + resume + ": no checkpoint in " + checkpoints.directory() + " (a run keeps one after each completed"
                + " epoch and removes it when its outputs are published)"));
        List<String> commandLine = latest.state().commandLine();
        TrainCommand original = new TrainCommand();
        CommandLine parser = new CommandLine(original);
        parser.setOverwrittenOptionsAllowed(true);
        parser.parseArgs(commandLine.toArray(String[]::new));
        TrainSettings settings = original.settings();
        System.err.printf("resuming %s after epoch %d of %d%n", settings.output(), latest.state().epoch(),
                settings.epochs());
        return original.train(settings, Checkpoints.beside(settings.output(), commandLine), Optional.of(latest));
    }

    private Integer train(TrainSettings settings, Checkpoints checkpoints, Optional<Checkpoints.Checkpoint> from) {
        if (shards == null && settings.dataDir().isEmpty() && KnownDataset.byName(settings.dataset()).isEmpty()) {
            throw new SettingsException("--dataset '" + settings.dataset() + "' is unknown: expected one of "
                    + KnownDataset.names() + ", or give --data-dir with MNIST-format files");
        }
        // Find the data before starting Spark: a missing file should cost the user no waiting.
        PreparedShards prepared = shards != null ? PreparedShards.open(withScheme(shards)) : null;
        ResolvedDataset data = prepared != null ? null
                : DatasetResolver.standard(msg -> LoggerFactory.getLogger(TrainCommand.class).info(msg))
                        .resolve(settings.dataset(), settings.dataDir());
        try (JavaSparkContext sc = SparkSessions.start("spark-cnn train", master, workers,
                settings.executor())) {
            TrainingMetrics metrics = prepared != null ? TrainJob.run(sc, settings, prepared, checkpoints, from)
                    : TrainJob.run(sc, settings, data, checkpoints, from);
            System.out.print(ReportTable.format(metrics.finalReport()));
            System.out.printf("%ntest accuracy %.4f after %d epoch(s); outputs in %s%n",
                    metrics.finalReport().testAccuracy(), metrics.epochs().size(), settings.output());
        }
        return 0;
    }

    /** A plain path means a local directory. */
    static URI withScheme(URI uri) {
        return uri.getScheme() == null ? Path.of(uri.toString()).toAbsolutePath().toUri() : uri;
    }

    private Path defaultOutput() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", "train-" + dataset + "-" + stamp);
    }

}
