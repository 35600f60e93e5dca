package io.sparkcnn.benchmark;

import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.benchmark.results.EpochTiming;
import io.sparkcnn.benchmark.results.RunResult;
import io.sparkcnn.benchmark.results.SparkEpochParts;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.executor.ExecutorSettings;
import io.sparkcnn.jobs.TrainJob;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.output.StagedOutput;
import io.sparkcnn.settings.ModelSettings;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.training.AveragingRoundTimes;

/**
 * The product's own path: {@link TrainJob} on the benchmark's Spark context with {@code workers} replicas, the same
 * images, minibatch size and seed as the single replica, the benchmark's averaging frequency, and train's defaults
 * for everything else (prefetch, native threads per replica). Epoch time and fit time are train's own per-epoch figures
 * ({@link EpochMetrics#trainSeconds()}, {@link EpochMetrics#fitSeconds()}); the run's outputs go to a scratch
 * directory and are deleted.
 */
final class SparkAveragingVariant implements Variant {
    private final String model;
    private final LayerImplementation layers;
    private final int workers;
    private final String master;

    SparkAveragingVariant(String model, LayerImplementation layers, int workers, String master) {
        this.model = model;
        this.layers = layers;
        this.workers = workers;
        this.master = master;
    }

    @Override
    public Info info() {
        return new Info(model + "/" + layers.cliName() + "/spark-" + workers, model + " " + layers.cliName()
                + " spark " + master + ", " + workers + (workers == 1 ? " worker" : " workers"),
                Kind.SPARK_AVERAGING, model, layers.cliName(), workers,
                // what train gives each replica in local mode (TrainJob shares the cores among the replicas)
                ExecutorSettings.defaults().threadsFor(Runtime.getRuntime().availableProcessors(), workers));
    }

    @Override
    public RunResult run(BenchmarkContext context, int repeat) {
        BenchmarkSettings s = context.settings();
        Path output = context.scratch("spark-" + model + "-" + layers.cliName() + "-" + workers + "-" + repeat);
        TrainSettings settings = TrainSettings.defaults(output)
                .withData(s.data().withDataset(context.dataset().name()))
                .withModel(ModelSettings.of(model).withLayers(layers))
                .withLoop(s.loop())
                .withAveraging(s.variants().averaging(workers))
                .validate();
        AveragingRoundTimes rounds = AveragingRoundTimes.listenTo(context.sc().sc());
        try (MemoryWatch memory = MemoryWatch.start()) {
            TrainingMetrics metrics = TrainJob.run(context.sc(), settings, context.dataset());
            MemoryWatch.Peak peak = memory.stop();
            List<EpochTiming> epochs = metrics.epochs().stream()
                    .map(e -> EpochTiming.of(e.epoch(), e.trainSeconds(), metrics.trainImages(), e.fitSeconds()))
                    .toList();
            SparkEpochParts parts = SparkEpochParts.of(rounds.breakdown(), epochs.size(),
                    epochs.stream().mapToDouble(EpochTiming::seconds).average().orElse(0),
                    epochs.stream().mapToDouble(EpochTiming::fitSeconds).average().orElse(0));
            return new RunResult(info().id(), repeat, epochs, metrics.trainImages(),
                    metrics.finalReport().testAccuracy(), peak.rssMiB(), peak.rssSource(), peak.heapMiB(), null,
                    parts, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while collecting the averaging rounds' timings", e);
        } finally {
            context.sc().sc().removeSparkListener(rounds);
            StagedOutput.deleteTree(output);
        }
    }
}
