package io.sparkcnn.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.driver.options.DataOptions;
import io.sparkcnn.driver.options.ExecutorOptions;
import io.sparkcnn.driver.options.ModelOptions;
import io.sparkcnn.driver.options.VerboseOption;
import io.sparkcnn.scaling.ScalingStudy;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.SettingProblem;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.settings.WorkerScalingRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spark-cnn scaling}: what more workers cost or gain, measured: the same training at several worker counts,
 * seeds and worker-scaling rules, summarised per worker count (docs/scaling.md).
 */
@Command(name = "scaling", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train at several worker counts x seeds (x worker-scaling rules) in local[WORKERS] and print,"
                + " per worker count: final test accuracy (mean, min, max), epochs to reach one worker's accuracy,"
                + " rounds and bytes exchanged per epoch, epoch time and replica drift.",
            "Each run is a full train run under OUTPUT/runs/; the table goes to OUTPUT/scaling.md and scaling.json."
                + " Started again with the same --output, a study reuses the runs it finished."})
final class ScalingCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Option(names = "--workers-list", paramLabel = "N[,N...]", split = ",",
            description = "Worker counts, in order. Default: 1,2,4,8,16.")
    List<Integer> workers = new ArrayList<>(List.of(1, 2, 4, 8, 16));

    @Option(names = "--seeds", paramLabel = "N[,N...]", split = ",",
            description = "Seeds, each trained at every worker count. Default: 1,2,3.")
    List<Long> seeds = new ArrayList<>(List.of(1L, 2L, 3L));

    @Option(names = "--worker-scaling", paramLabel = "RULE[,RULE...]", split = ",",
            converter = TrainCommand.WorkerScalingConverter.class,
            description = "Worker-scaling rules to compare (see train --help). Default: sqrt,none.")
    List<WorkerScalingRule> rules = new ArrayList<>(List.of(WorkerScalingRule.SQRT, WorkerScalingRule.NONE));

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of every run. Default: ${DEFAULT-VALUE}.")
    int epochs = LoopSettings.DEFAULT_EPOCHS;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Minibatch size per worker. Default: ${DEFAULT-VALUE}.")
    int batchSize = LoopSettings.DEFAULT_BATCH_SIZE;

    @Option(names = "--averaging-frequency", paramLabel = "N",
            description = "As train's option (for one or two workers). Default: ${DEFAULT-VALUE}.")
    int averagingFrequency = AveragingSettings.DEFAULT_AVERAGING_FREQUENCY;

    @Mixin
    ExecutorOptions executor;

    @Option(names = "--output", paramLabel = "DIR",
            description = "The study's directory. Default: runs/scaling-DATASET-TIMESTAMP.")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    /** The plan the options give, checked: every problem at once, each named by its option. */
    ScalingStudy.Plan plan() {
        Path dir = output != null ? output : Path.of("runs", "scaling-" + data.dataset + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        TrainSettings base = TrainSettings.defaults(dir).withData(data.settings()).withModel(model.settings())
                .withLoop(LoopSettings.defaults().withEpochs(epochs).withBatchSize(batchSize))
                .withAveraging(AveragingSettings.defaults().withAveragingFrequency(averagingFrequency))
                .withExecutor(executor.settings());
        List<SettingProblem> problems = new ArrayList<>(model.problems());
        problems.addAll(base.problems());
        if (workers.isEmpty() || workers.stream().anyMatch(k -> k < 1)) {
            problems.add(new SettingProblem("workers-list", "must list worker counts of at least 1, was " + workers));
        }
        if (seeds.isEmpty()) {
            problems.add(new SettingProblem("seeds", "must list at least one seed"));
        }
        SettingsException.throwIfAny(problems);
        return new ScalingStudy.Plan(base, List.copyOf(workers), List.copyOf(seeds), List.copyOf(rules), dir);
    }

    @Override
    public Integer call() throws IOException {
        ScalingStudy.Plan plan = plan();
        ResolvedDataset dataset = DataOptions.resolve(plan.base().data());
        ScalingStudy.run(plan, dataset, k -> SparkSessions.start("spark-cnn scaling", null, k,
                plan.base().executor()));
        spec.commandLine().getOut().print(Files.readString(plan.output().resolve("scaling.md")));
        spec.commandLine().getOut().printf("%nruns and table: %s%n", plan.output());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
