package io.sparkcnn.driver;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.driver.options.DataOptions;
import io.sparkcnn.driver.options.ExecutorOptions;
import io.sparkcnn.driver.options.ModelOptions;
import io.sparkcnn.driver.options.VerboseOption;
import io.sparkcnn.driver.reach.ClusterEndpoints;
import io.sparkcnn.driver.reach.Reachability;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.jobs.TrainJob;
import io.sparkcnn.loading.Augmentation;
import io.sparkcnn.output.Checkpoints;
import io.sparkcnn.output.RunTimings;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.OutputSettings;
import io.sparkcnn.settings.SettingProblem;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.settings.WorkerScalingRule;
import io.sparkcnn.training.RoundFailedException;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code spark-cnn train}: trains a model by parameter averaging and writes model, metrics and provenance. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a CNN on MNIST-format data with Spark parameter averaging.",
            "Writes model.zip, metrics.json and run.json into --output, all at once at the end."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--shards", paramLabel = "URI",
            description = "Train on shards written by 'spark-cnn prepare' (any Hadoop URI); they fix the dataset,"
                    + " minibatch size and shuffle.")
    URI shards;

    @Mixin
    ModelOptions model;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    int epochs = LoopSettings.DEFAULT_EPOCHS;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Minibatch size per worker. Default: ${DEFAULT-VALUE}.")
    int batchSize = LoopSettings.DEFAULT_BATCH_SIZE;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seeds weights, shards and minibatch order; same seed, same run. Default: ${DEFAULT-VALUE}"
                    + " (with --shards: the seed they were prepared with).")
    long seed = LoopSettings.DEFAULT_SEED;

    @Option(names = "--workers", paramLabel = "N",
            description = "Replicas trained in parallel, one data shard each. Default: ${DEFAULT-VALUE}.")
    int workers = AveragingSettings.DEFAULT_WORKERS;

    @Option(names = "--averaging-frequency", paramLabel = "N",
            description = "Minibatches each worker fits between parameter averagings. Default: ${DEFAULT-VALUE}.")
    int averagingFrequency = AveragingSettings.DEFAULT_AVERAGING_FREQUENCY;

    @Option(names = "--rounds-per-job", paramLabel = "N",
            description = "Averaging rounds per Spark job; between them the replicas are averaged through the driver's"
                    + " RPC (Spark's barrier mode runs them together). 1: a Spark job per round, DL4J's scheme."
                    + " Default: ${DEFAULT-VALUE}.")
    int roundsPerJob = AveragingSettings.DEFAULT_ROUNDS_PER_JOB;

    @Option(names = "--round-retries", paramLabel = "N",
            description = "Times a Spark job of averaging rounds that failed (a link or host lost) starts again from"
                    + " the last averaged parameters before the run stops (exit 5). Default: ${DEFAULT-VALUE}.")
    int roundRetries = AveragingSettings.DEFAULT_ROUND_RETRIES;

    @Option(names = "--worker-scaling", paramLabel = "RULE", converter = WorkerScalingConverter.class,
            description = "How the learning rate and averaging frequency follow --workers: sqrt (x sqrt(workers), and"
                    + " the two-worker rounds per epoch) or none (plain averaging, as given). Default: sqrt.")
    WorkerScalingRule workerScaling = WorkerScalingRule.SQRT;

    @Option(names = "--augment-shift", paramLabel = "PIXELS",
            description = "Shift each training image by up to PIXELS (0-" + Augmentation.MAX_SHIFT + ") in x and y,"
                    + " new shifts every epoch (0: none). Default: ${DEFAULT-VALUE}.")
    int augmentShift;

    @Option(names = "--augment-flip",
            description = "Mirror half of the training images left-right, anew every epoch (clothes, not digits).")
    boolean augmentFlip;

    @Mixin
    ExecutorOptions executor;

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
        commandLine.add(settings.output().path().toAbsolutePath().toString());
        return train(settings, Checkpoints.beside(settings.output().path(), commandLine), Optional.empty());
    }

    /** The settings the options give, checked: every problem at once, each named by its option. */
    TrainSettings settings() {
        TrainSettings settings = new TrainSettings(data.settings(), model.settings(),
                LoopSettings.defaults().withEpochs(epochs).withBatchSize(batchSize).withSeed(seed),
                AveragingSettings.defaults().withWorkers(workers).withAveragingFrequency(averagingFrequency)
                        .withRoundsPerJob(roundsPerJob).withScaling(workerScaling).withRoundRetries(roundRetries),
                new Augmentation(augmentShift, augmentFlip), executor.settings(),
                new OutputSettings(output != null ? output : defaultOutput(), overwrite));
        List<SettingProblem> problems = new ArrayList<>(model.problems());
        problems.addAll(settings.problems());
        SettingsException.throwIfAny(problems);
        return settings;
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
        System.err.printf("resuming %s after epoch %d of %d%n", settings.output().path(), latest.state().epoch(),
                settings.loop().epochs());
        return original.train(settings, Checkpoints.beside(settings.output().path(), commandLine), Optional.of(latest));
    }

    private Integer train(TrainSettings asGiven, Checkpoints checkpoints, Optional<Checkpoints.Checkpoint> from) {
        RunTimings timings = RunTimings.sinceJvmStart();
        // Find the data before starting Spark: a missing file should cost the user no waiting.
        if (shards != null) {
            ClusterEndpoints.hdfsNamenode(withScheme(shards), "--shards").ifPresent(Reachability::require);
        }
        PreparedShards prepared = shards != null ? PreparedShards.open(withScheme(shards)) : null;
        TrainSettings settings = prepared != null ? withSeedOf(prepared, asGiven) : asGiven;
        ResolvedDataset dataset = prepared != null ? null : DataOptions.resolve(settings.data());
        timings.mark(RunTimings.START);
        try (JavaSparkContext sc = SparkSessions.start("spark-cnn train", master, settings.averaging().workers(),
                settings.executor())) {
            timings.mark(RunTimings.SPARK);
            TrainingMetrics metrics;
            try {
                metrics = prepared != null ? TrainJob.run(sc, settings, prepared, checkpoints, from, timings)
                        : TrainJob.run(sc, settings, dataset, checkpoints, from, timings);
            } catch (RuntimeException e) {
                if (NoSpaceLeftException.isCauseOf(e)) {
                    throw new NoSpaceLeftException(settings.output().path(), checkpoints.directory(), e);
                }
                if (e instanceof RoundFailedException lost) {
                    throw lost.withAdvice(howToContinue(settings, checkpoints));
                }
                throw e;
            }
            System.out.print(ReportTable.format(metrics.finalReport()));
            System.out.printf("%ntest accuracy %.4f after %d epoch(s); outputs in %s%n",
                    metrics.finalReport().testAccuracy(), metrics.epochs().size(), settings.output().path());
        }
        return 0;
    }

    /**
     * Prepared shards were cut by the seed {@code prepare} was given. Without {@code --seed} that seed seeds the rest
     * of the run too, so that {@code prepare --seed N} then {@code train --shards} trains as {@code train --seed N}
     * does; another {@code --seed} seeds the weights, the minibatch order and the augmentation, and the user is told.
     */
    private TrainSettings withSeedOf(PreparedShards prepared, TrainSettings settings) {
        long shardSeed = prepared.manifest().seed();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            return settings.withLoop(settings.loop().withSeed(shardSeed));
        }
        if (shardSeed != settings.loop().seed()) {
            System.err.printf("note: the shards in %s were cut with seed %d ('spark-cnn prepare --seed %d'); --seed %d"
                    + " seeds the weights, the minibatch order and the augmentation. For the run 'train --seed %d'"
                    + " makes, prepare the shards with --seed %d.%n", prepared.root(), shardSeed, shardSeed,
                    settings.loop().seed(), settings.loop().seed(), settings.loop().seed());
        }
        return settings;
    }

    /** After a host was lost: from the newest checkpoint on, if an epoch finished; else from the start. */
    private static String howToContinue(TrainSettings settings, Checkpoints checkpoints) {
        return checkpoints.latest().map(latest -> "nothing was published; continue from the checkpoint of epoch "
                + latest.state().epoch() + " with 'spark-cnn train --resume " + settings.output().path() + "' on the"
                + " hosts left (the same workers share their executors) or once the host is back")
                .orElse("nothing was published and no epoch had finished (no checkpoint to resume): run the command"
                        + " again on the hosts left or once the host is back");
    }

    /** {@code --worker-scaling}'s names. */
    static final class WorkerScalingConverter implements CommandLine.ITypeConverter<WorkerScalingRule> {
        @Override
        public WorkerScalingRule convert(String value) {
            return WorkerScalingRule.parse(value);
        }
    }

    /** A plain path means a local directory. */
    static URI withScheme(URI uri) {
        return uri.getScheme() == null ? Path.of(uri.toString()).toAbsolutePath().toUri() : uri;
    }

    private Path defaultOutput() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", "train-" + data.settings().dataset() + "-" + stamp);
    }
}
