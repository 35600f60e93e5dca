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

import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.data.Sharder;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelSpec;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train}: dataset → shards → minibatch files → parameter-averaged training → evaluation → outputs
 * ({@code model.zip}, {@code metrics.json}, {@code run.json}, {@code report.html}, {@code pictures/}) published
 * atomically.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    static final int TRAIN_SAMPLE_MAX = 10_000;

    private TrainJob() {
    }

    /** Runs the job on {@code sc} (whose master decides where executors run) and returns the metrics written. */
    public static TrainingMetrics run(JavaSparkContext sc, TrainSettings settings, DatasetResolver resolver) {
        return run(sc, settings, resolver.resolve(settings.dataset(), settings.dataDir()));
    }

    /** Runs the job on an already resolved dataset (the command line resolves it before starting Spark). */
    public static TrainingMetrics run(JavaSparkContext sc, TrainSettings settings, ResolvedDataset dataset) {
        settings.validate();
        Instant started = Instant.now();
        try (StagedOutput output = StagedOutput.begin(settings.output(), settings.overwrite())) {
            LOG.info("dataset {} from {}", dataset.name(), dataset.origin());
            LabeledImages train = dataset.loadTrain();
            LabeledImages test = settings.testLimit() > 0 ? dataset.loadTest().firstN(settings.testLimit())
                    : dataset.loadTest();
            int trainImages = settings.trainLimit() > 0 ? Math.min(settings.trainLimit(), train.size()) : train.size();

            limitNativeThreadsInLocalMode(sc, settings);
            Path scratch = Files.createTempDirectory("spark-cnn-minibatches-");
            try {
                List<int[]> shards = Sharder.split(train.labels(), train.numClasses(), settings.workers(),
                        settings.seed(), trainImages);
                LOG.info("{} training images in {} class-balanced shards, {} test images; writing minibatches of {}",
                        trainImages, shards.size(), test.size(), settings.batchSize());
                TrainingData data = new TrainingData(
                        MinibatchFiles.write(train, shards, settings.batchSize(), scratch.resolve("train").toUri()),
                        trainImages,
                        MinibatchFiles.write(train, List.of(trainSample(train, trainImages, settings.seed())),
                                settings.batchSize(), scratch.resolve("train-sample").toUri()),
                        MinibatchFiles.write(test, List.of(MinibatchFiles.range(test.size())), settings.batchSize(),
                                scratch.resolve("test").toUri()),
                        dataset.labelNames());

                ModelSpec spec = new ModelSpec(train.rows(), train.cols(), 1, train.numClasses(), settings.hyper(),
                        settings.seed());
                DistributedTrainer trainer = new DistributedTrainer(sc, settings.workers(), settings.batchSize(),
                        settings.averagingFrequency(), settings.prefetch(), settings.seed());
                DistributedTrainer.Outcome outcome = trainer.train(ModelCatalog.newNetwork(settings.model(), spec),
                        data, settings.hyper(), settings.epochs(), TrainJob::logEpoch);

                TrainingMetrics metrics = metrics(dataset, settings, outcome, trainImages, test.size());
                publish(output, outcome, metrics, settings, dataset, test, sc, started);
                LOG.info("final test accuracy {} ({} test images); outputs in {}",
                        String.format("%.4f", metrics.finalReport().testAccuracy()), metrics.finalReport().examples(),
                        output.target());
                return metrics;
            } finally {
                StagedOutput.deleteTree(scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * The training images evaluated after every epoch for the training accuracy: a fixed class-balanced sample,
     * so the figure costs one more evaluation pass of at most {@value #TRAIN_SAMPLE_MAX} images.
     */
    private static int[] trainSample(LabeledImages train, int trainImages, long seed) {
        int size = Math.min(trainImages, TRAIN_SAMPLE_MAX);
        return Sharder.split(train.labels(), train.numClasses(), 1, seed + 1, size).get(0);
    }

    private static TrainingMetrics metrics(ResolvedDataset dataset, TrainSettings settings,
                                           DistributedTrainer.Outcome outcome, int trainImages, int testImages) {
        ClassificationReport report = ClassificationReport.of(outcome.lastEvaluation(), outcome.lastTestLoss(),
                dataset.labelNames());
        double totalSeconds = outcome.epochs().stream().mapToDouble(EpochMetrics::trainSeconds).sum();
        return new TrainingMetrics(dataset.name(), settings.model(), trainImages, testImages, settings.workers(),
                outcome.epochs(), report, totalSeconds);
    }

    /** Writes model, metrics, provenance and the report into the staging directory and publishes it. */
    private static void publish(StagedOutput output, DistributedTrainer.Outcome outcome, TrainingMetrics metrics,
                                TrainSettings settings, ResolvedDataset dataset, LabeledImages test,
                                JavaSparkContext sc, Instant started) throws IOException {
        ModelInfo info = new ModelInfo(settings.model(), dataset.name(), dataset.labelNames(), test.rows(),
                test.cols());
        ModelFile.write(outcome.network(), info, output.file("model.zip"));
        output.writeJson("metrics.json", metrics);
        RunRecord run = new RunRecord(settings.asMap(), datasetRecord(dataset), RunRecord.versions(sc.version()),
                sparkRecord(sc), RunRecord.currentGitCommit(), started.toString(), Instant.now().toString());
        output.writeJson("run.json", run);
        LOG.info("drawing the report (kernels, feature maps, curves, confusion, mistakes)");
        RunReport.write(new RunReport.Inputs(outcome.network(), info, test, Optional.of(metrics), Optional.of(run),
                RunReport.DEFAULT_FEATURE_IMAGES), output.file("."));
        output.commit();
    }

    private static void logEpoch(EpochMetrics m) {
        LOG.info(String.format("epoch %d: train loss %.4f, train accuracy %.4f, test loss %.4f, test accuracy %.4f,"
                        + " %.1f s (%.0f images/s), evaluation %.1f s", m.epoch(), m.trainLoss(), m.trainAccuracy(),
                m.testLoss(), m.testAccuracy(), m.trainSeconds(), m.imagesPerSecond(), m.evalSeconds()));
    }

    /**
     * In local mode every replica is a thread of this JVM, so native threads are shared by all of them: give each
     * replica its share of the cores instead of letting each spawn one thread per core.
     */
    private static void limitNativeThreadsInLocalMode(JavaSparkContext sc, TrainSettings settings) {
        if (!sc.isLocal()) {
            return;
        }
        int threads = settings.executor().threadsFor(Runtime.getRuntime().availableProcessors(), settings.workers());
        NativeThreads.limitTo(threads);
        LOG.info("local mode: {} replicas, {} native thread(s) each", settings.workers(), threads);
    }

    private static Map<String, Object> datasetRecord(ResolvedDataset dataset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", dataset.name());
        m.put("origin", dataset.origin());
        m.put("directory", dataset.directory().dir().toString());
        m.put("md5", dataset.storedMd5s());
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
