package io.sparkcnn.scaling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.jobs.TrainJob;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.output.StagedOutput;
import io.sparkcnn.settings.OutputSettings;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.settings.WorkerScalingRule;
import io.sparkcnn.training.WorkerScaling;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the same settings at every worker count, seed and rule of a {@link Plan}, one run after another, each a
 * complete {@code train} run published under {@code OUTPUT/runs/}; then writes the summary ({@link ScalingTable}) as
 * {@code scaling.md} and {@code scaling.json}. A run already published there (a study stopped half-way and started
 * again with the same output) is read back instead of trained again. One worker is trained once, under the first
 * rule: no rule changes it.
 */
public final class ScalingStudy {
    private static final Logger LOG = LoggerFactory.getLogger(ScalingStudy.class);
    /** Hosts and link rates (Gbit/s) the cost model projects to. */
    private static final List<Integer> PROJECTED_HOSTS = List.of(8, 32, 128);
    private static final List<Double> PROJECTED_GIGABITS = List.of(1.0, 10.0);

    /**
     * What to run.
     *
     * @param base    the settings every run shares (its workers, seed, scaling rule and output are replaced)
     * @param workers worker counts, in order
     * @param seeds   seeds, each run at every worker count
     * @param rules   scaling rules to compare
     * @param output  the study's directory
     */
    public record Plan(TrainSettings base, List<Integer> workers, List<Long> seeds, List<WorkerScalingRule> rules,
                       Path output) {
        /** The settings of one run, writing into its own directory under {@code runs/}. */
        TrainSettings settingsFor(WorkerScalingRule rule, int workerCount, long seed) {
            Path dir = output.resolve("runs").resolve(name(rule, workerCount, seed));
            return base.withAveraging(base.averaging().withWorkers(workerCount).withScaling(rule))
                    .withLoop(base.loop().withSeed(seed)).withOutput(new OutputSettings(dir, false));
        }

        private static String name(WorkerScalingRule rule, int workerCount, long seed) {
            return (workerCount == 1 ? "one" : rule.cliName()) + "-" + workerCount + "w-seed" + seed;
        }
    }

    private ScalingStudy() {
    }

    /**
     * Runs {@code plan} on {@code dataset}, starting a Spark context for each run with {@code contexts} (given the
     * run's workers; the run stops it), and returns the summary it wrote.
     */
    public static ScalingTable run(Plan plan, ResolvedDataset dataset, IntFunction<JavaSparkContext> contexts) {
        List<ScalingRun> runs = new ArrayList<>();
        int total = 0;
        for (int k : plan.workers()) {
            total += (k == 1 ? 1 : plan.rules().size()) * plan.seeds().size();
        }
        int done = 0;
        for (WorkerScalingRule rule : plan.rules()) {
            for (int k : plan.workers()) {
                if (k == 1 && rule != plan.rules().get(0)) {
                    continue;
                }
                for (long seed : plan.seeds()) {
                    done++;
                    LOG.info("scaling run {}/{}: {} worker(s), {}, seed {}", done, total, k,
                            k == 1 ? "no averaging" : "worker scaling " + rule.cliName(), seed);
                    runs.add(runOne(plan.settingsFor(rule, k, seed), rule, contexts, dataset));
                }
            }
        }
        ScalingTable table = ScalingTable.of(runs);
        StagedOutput.writeJsonFile(plan.output().resolve("scaling.json"), table, true);
        StagedOutput.writeTextFile(plan.output().resolve("scaling.md"), summary(plan, runs, table), true);
        return table;
    }

    /** The table, and the cost model its runs measured with its projections to more hosts. */
    static String summary(Plan plan, List<ScalingRun> runs, ScalingTable table) {
        return table.markdown() + CostModel.measured(runs, plan.base().averaging().averagingFrequency())
                .map(model -> System.lineSeparator() + model.markdown(PROJECTED_HOSTS, PROJECTED_GIGABITS))
                .orElse("");
    }

    private static ScalingRun runOne(TrainSettings settings, WorkerScalingRule rule,
                                     IntFunction<JavaSparkContext> contexts, ResolvedDataset dataset) {
        Path dir = settings.output().path();
        int workers = settings.averaging().workers();
        if (!Files.exists(dir.resolve("metrics.json"))) {
            try (JavaSparkContext sc = contexts.apply(workers)) {
                TrainJob.run(sc, settings, dataset);
            }
        } else {
            LOG.info("reusing the finished run in {}", dir);
        }
        JsonNode metrics = read(dir.resolve("metrics.json"));
        List<EpochMetrics> epochs = StagedOutput.JSON.convertValue(metrics.get("epochs"),
                new TypeReference<List<EpochMetrics>>() { });
        int batch = settings.loop().batchSize();
        // Runs recorded before run.json held it trained with the frequency the scaling gives their settings.
        int frequency = read(dir.resolve("run.json")).at("/settings/scaledWithWorkers/averagingFrequency")
                .asInt(WorkerScaling.of(settings.averaging()).averagingFrequency());
        return new ScalingRun(rule, workers, settings.loop().seed(), epochs, stateBytes(dir.resolve("model.zip")),
                (metrics.get("trainImages").asLong() + batch - 1) / batch, frequency);
    }

    private static JsonNode read(Path json) {
        try {
            return StagedOutput.JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json + ": " + e.getMessage(), e);
        }
    }

    /** Parameters and optimiser state of the trained network, as the 32-bit floats an averaging exchanges. */
    static long stateBytes(Path model) {
        MultiLayerNetwork network = ModelFile.read(model).network();
        Updater updater = network.getUpdater();
        long updaterValues = updater == null || updater.getStateViewArray() == null ? 0
                : updater.getStateViewArray().length();
        return Float.BYTES * (network.params().length() + updaterValues);
    }
}
