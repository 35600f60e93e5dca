package io.sparkcnn.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.layers.conf.FastLayers;
import io.sparkcnn.models.ModelCatalog;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.sparkcnn.evaluation.ClassificationReport;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.output.Checkpoints;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.output.ModelInfo;
import io.sparkcnn.output.RunRecord;
import io.sparkcnn.output.RunReport;
import io.sparkcnn.output.RunTimings;
import io.sparkcnn.output.StagedOutput;
import io.sparkcnn.replica.NativeThreads;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.training.DistributedTrainer;

/**
 * {@code train}: dataset → shards → minibatch files → parameter-averaged training → evaluation → outputs
 * ({@code model.zip}, {@code metrics.json}, {@code run.json}, {@code report.html}, {@code pictures/}) published
 * atomically.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private TrainJob() {
    }

    /**
     * Runs the job on {@code sc} (whose master decides where executors run) and returns the metrics written. The
     * dataset is already resolved (the command line resolves it before starting Spark): the data is prepared into a
     * scratch directory on this machine, exactly as {@code prepare} would, then trained on.
     */
    public static TrainingMetrics run(JavaSparkContext sc, TrainSettings settings, ResolvedDataset dataset) {
        return run(sc, settings, dataset, Checkpoints.beside(settings.output().path(), List.of()), Optional.empty(),
                RunTimings.sinceNow());
    }

    /**
     * The same, checkpointing after every epoch into {@code checkpoints}, and continuing from {@code resume} when
     * given (a checkpoint of a run with these settings); the run's phases are added to {@code timings}.
     */
    public static TrainingMetrics run(JavaSparkContext sc, TrainSettings settings, ResolvedDataset dataset,
                                      Checkpoints checkpoints, Optional<Checkpoints.Checkpoint> resume,
                                      RunTimings timings) {
        settings.validate();
        Path scratch = null;
        try {
            checkOutput(settings);
            LOG.info("dataset {} from {}", dataset.name(), dataset.origin());
            LabeledImages train = dataset.loadTrain();
            LabeledImages test = dataset.loadTest(settings.data().testLimit());
            scratch = Files.createTempDirectory("spark-cnn-minibatches-");
            PreparedShards shards = PreparedShards.write(dataset.name(), dataset.labelNames(), train, test,
                    settings.data().shardPlan(settings.averaging().workers(), settings.loop()),
                    scratch.resolve("shards").toUri());
            timings.mark(RunTimings.DATA);
            return train(sc, settings, shards, () -> test, datasetRecord(dataset), checkpoints, resume, timings);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            if (scratch != null) {
                StagedOutput.deleteTree(scratch);
            }
        }
    }

    /**
     * Runs the job on shards made by {@code prepare}, which fix the dataset, the minibatch size and the seed; with
     * checkpoints, an optional checkpoint to resume from, and the timings the run's phases are added to.
     */
    public static TrainingMetrics run(JavaSparkContext sc, TrainSettings settings, PreparedShards shards,
                                      Checkpoints checkpoints, Optional<Checkpoints.Checkpoint> resume,
                                      RunTimings timings) {
        PreparedShards.Manifest m = shards.manifest();
        int workers = settings.averaging().workers();
        if (workers > m.shards()) {
            throw new SettingsException("--workers " + workers + " is more than the " + m.shards() + " shards in "
                    + shards.root() + ": prepare them with --workers " + workers + " or use fewer workers");
        }
        if (settings.loop().batchSize() != m.batchSize()) {
            LOG.warn("the shards in {} hold minibatches of {}: training with that, not --batch-size {}", shards.root(),
                    m.batchSize(), settings.loop().batchSize());
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", m.dataset());
        record.put("origin", "prepared shards");
        record.put("shards", shards.root().toString());
        record.put("prepared", m.created());
        record.put("labels", m.labelNames());
        return train(sc, settings.withLoop(settings.loop().withBatchSize(m.batchSize())), shards, shards::loadTest,
                record, checkpoints, resume, timings);
    }

    /** @param testImages the shards' test images, for the report's pictures (in memory, or read back from the files) */
    private static TrainingMetrics train(JavaSparkContext sc, TrainSettings settings, PreparedShards shards,
                                         Supplier<LabeledImages> testImages, Map<String, Object> datasetRecord,
                                         Checkpoints checkpoints, Optional<Checkpoints.Checkpoint> resume,
                                         RunTimings timings) {
        Instant started = Instant.now();
        PreparedShards.Manifest m = shards.manifest();
        if (resume.isPresent()) {
            StagedOutput.removeAbandoned(settings.output().path());
        }
        try (StagedOutput output = StagedOutput.begin(settings.output().path(), settings.output().overwrite())) {
            LOG.info("{} training images ({}, {} classes) in {} class-balanced shards of minibatches of {}, {} test"
                    + " images, from {}", m.trainImages(), m.shape().describe(), m.labelNames().size(), m.shards(),
                    m.batchSize(), m.testImages(), shards.root());
            if (!settings.augmentation().isNone()) {
                LOG.info("augmenting the training images anew every epoch: {}", settings.augmentation().describe());
            }
            resume.ifPresent(c -> LOG.info("resuming after epoch {} from {}", c.state().epoch(),
                    checkpoints.directory()));
            ShardTraining.Trained trained = ShardTraining.train(sc, settings, shards, shards.testUris(), resume,
                    (history, net) -> {
                        logEpoch(history.get(history.size() - 1), settings.averaging().workers());
                        checkpoints.save(history, net);
                    });
            DistributedTrainer.Outcome outcome = trained.outcome();

            int earlier = resume.map(c -> c.state().history().size()).orElse(0);
            List<EpochMetrics> epochs = outcome.epochs().subList(earlier, outcome.epochs().size());
            Map<String, Double> inEpochs = new LinkedHashMap<>();
            inEpochs.put(RunTimings.TRAINING, epochs.stream().mapToDouble(EpochMetrics::trainSeconds).sum());
            inEpochs.put(RunTimings.EVALUATION, epochs.stream().mapToDouble(EpochMetrics::evalSeconds).sum());
            timings.markSplit(inEpochs, RunTimings.AROUND_EPOCHS);
            TrainingMetrics metrics = metrics(m, settings, outcome);
            publish(output, trained, metrics, settings, m, datasetRecord, testImages.get(), sc, started, timings);
            checkpoints.clear();
            LOG.info("final test accuracy {} ({} test images){}; outputs in {}",
                    String.format("%.4f", metrics.finalReport().testAccuracy()), metrics.finalReport().examples(),
                    fastLayers(settings, outcome), output.target());
            return metrics;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Refuses an output that would be refused at the end, before any data is read or prepared. */
    private static void checkOutput(TrainSettings settings) {
        StagedOutput.begin(settings.output().path(), settings.output().overwrite()).close();
    }

    private static TrainingMetrics metrics(PreparedShards.Manifest m, TrainSettings settings,
                                           DistributedTrainer.Outcome outcome) {
        ClassificationReport report = ClassificationReport.of(outcome.lastEvaluation(), outcome.lastTestLoss(),
                m.labelNames());
        double totalSeconds = outcome.epochs().stream().mapToDouble(EpochMetrics::trainSeconds).sum();
        return new TrainingMetrics(m.dataset(), settings.model().name(), m.trainImages(), m.testImages(),
                settings.averaging().workers(), outcome.epochs(), report, totalSeconds);
    }

    /** Writes model, metrics, provenance and the report into the staging directory and publishes it. */
    private static void publish(StagedOutput output, ShardTraining.Trained trained, TrainingMetrics metrics,
                                TrainSettings settings, PreparedShards.Manifest m, Map<String, Object> datasetRecord,
                                LabeledImages test, JavaSparkContext sc, Instant started, RunTimings timings)
            throws IOException {
        DistributedTrainer.Outcome outcome = trained.outcome();
        ModelInfo info = new ModelInfo(settings.model().name(), m.dataset(), m.labelNames(), m.shape());
        ModelFile.write(outcome.network(), info, output.file("model.zip"));
        output.writeJson("metrics.json", metrics);
        Map<String, Object> trainedWith = new LinkedHashMap<>(settings.asMap());
        // What the trainer chose from the number of workers (WorkerScaling), beside what the user set.
        trainedWith.put("scaledWithWorkers", outcome.scaling().asMap());
        if (!trained.modelSource().isEmpty()) {
            // An imported model (keras:FILE): the file's name and md5, what it decided, which layers run fast.
            trainedWith.put("modelFile", trained.modelSource());
        }
        RunRecord run = new RunRecord(trainedWith, datasetRecord, RunRecord.versions(sc.version()),
                sparkRecord(sc), RunRecord.currentGitCommit(), started.toString(), Instant.now().toString());
        output.writeJson("run.json", run);
        timings.mark(RunTimings.OUTPUTS);
        LOG.info("drawing the report (kernels, feature maps, curves, confusion, mistakes)");
        if (sc.isLocal()) {
            // Training is over: the report's forward passes on this JVM may use every core again, not one replica's
            // share (ShardTraining limited them for the replicas, which run in this JVM in local mode).
            NativeThreads.limitTo(Runtime.getRuntime().availableProcessors());
        }
        // The final evaluation's probabilities: the report's pictures need not predict the test images again.
        RunReport.write(new RunReport.Inputs(outcome.network(), info, test, Optional.of(metrics), Optional.of(run),
                RunReport.DEFAULT_FEATURE_IMAGES, outcome.lastTest().probabilities()), output.file("."));
        timings.mark(RunTimings.REPORT);
        LOG.info("time: {}", timings.describe());
        output.writeJson("timings.json", timings.figures());
        output.commit();
    }

    /** For a model from a file, how many of its layers ran on spark-cnn's fast layers (the zoo's always all do). */
    private static String fastLayers(TrainSettings settings, DistributedTrainer.Outcome outcome) {
        if (!ModelCatalog.isImported(settings.model().name())) {
            return "";
        }
        List<NeuralNetConfiguration> confs = outcome.network().getLayerWiseConfigurations().getConfs();
        long fast = confs.stream().filter(c -> FastLayers.isFast(c.getLayer())).count();
        return String.format(" with %s: %d of its %d layers on the fast layers (run.json's modelFile lists them)",
                settings.model().name(), fast, confs.size());
    }

    private static void logEpoch(EpochMetrics m, int workers) {
        String drift = workers < 2 ? "" : String.format(", replica drift %.2f%% of the weights' norm (mean of %d"
                + " averaging rounds)", 100 * m.meanDrift(), m.rounds());
        LOG.info(String.format("epoch %d: train loss %.4f, train accuracy (during the epoch) %.4f, test loss %.4f,"
                        + " test accuracy %.4f, %.1f s (%.0f images/s; %.1f s of it in each replica's fit), evaluation"
                        + " %.1f s%s", m.epoch(), m.trainLoss(), m.trainAccuracyOrNaN(), m.testLoss(), m.testAccuracy(),
                m.trainSeconds(), m.imagesPerSecond(), m.fitSeconds(), m.evalSeconds(), drift));
    }

    private static Map<String, Object> datasetRecord(ResolvedDataset dataset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", dataset.name());
        m.put("origin", dataset.origin());
        m.put("directory", dataset.location().toString());
        m.putAll(dataset.source().provenance());
        m.put("labels", dataset.labelNames());
        return m;
    }

    private static Map<String, Object> sparkRecord(JavaSparkContext sc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("master", sc.master());
        m.put("applicationId", sc.sc().applicationId());
        m.put("defaultParallelism", sc.defaultParallelism());
        return m;
    }
}
