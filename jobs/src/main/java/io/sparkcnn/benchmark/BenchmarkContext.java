package io.sparkcnn.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.MinibatchFiles;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.data.Sharder;
import io.sparkcnn.evaluation.DistributedEvaluation;
import io.sparkcnn.output.StagedOutput;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What every measurement shares: the Spark context, the dataset and its images (loaded once), the single
 * replica's in-memory minibatches, the test set as minibatch files for {@link DistributedEvaluation}, and a
 * scratch directory removed by {@link #close()}.
 */
public final class BenchmarkContext implements AutoCloseable {
    private final JavaSparkContext sc;
    private final BenchmarkSettings settings;
    private final ResolvedDataset dataset;
    private final LabeledImages train;
    private final LabeledImages test;
    private final Path scratch;
    private List<DataSet> trainBatches;
    private List<String> testFiles;

    BenchmarkContext(JavaSparkContext sc, BenchmarkSettings settings, ResolvedDataset dataset) {
        this.sc = sc;
        this.settings = settings;
        this.dataset = dataset;
        this.train = dataset.loadTrain();
        this.test = dataset.loadTest(settings.data().testLimit());
        try {
            this.scratch = Files.createTempDirectory("spark-cnn-benchmark-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory: " + e.getMessage(), e);
        }
    }

    public JavaSparkContext sc() {
        return sc;
    }

    public BenchmarkSettings settings() {
        return settings;
    }

    public ResolvedDataset dataset() {
        return dataset;
    }

    public LabeledImages train() {
        return train;
    }

    public LabeledImages test() {
        return test;
    }

    /** Training images per epoch: the whole training set or the class-balanced subset asked for. */
    public int trainImages() {
        int limit = settings.data().trainLimit();
        return limit > 0 ? Math.min(limit, train.size()) : train.size();
    }

    /** A fresh directory under the scratch directory. */
    public Path scratch(String name) {
        return scratch.resolve(name);
    }

    /**
     * The single replica's minibatches, in memory: the same class-balanced selection and order as the one shard of a
     * one-worker Spark run ({@link Sharder}, seeded alike), cut into minibatches of the benchmark's size.
     */
    public synchronized List<DataSet> trainBatches() {
        if (trainBatches == null) {
            int[] order = Sharder.split(train.labels(), train.numClasses(), 1, settings.loop().seed(), trainImages())
                    .get(0);
            List<DataSet> batches = new ArrayList<>();
            for (int start = 0; start < order.length; start += settings.loop().batchSize()) {
                batches.add(MinibatchFiles.toDataSet(train, order, start,
                        Math.min(order.length, start + settings.loop().batchSize())));
            }
            trainBatches = List.copyOf(batches);
        }
        return trainBatches;
    }

    /** Test accuracy of {@code network}, computed as train's own per-epoch evaluation computes it. */
    public double testAccuracy(MultiLayerNetwork network) {
        return DistributedEvaluation.run(sc, network, sc.parallelize(testFiles(), sc.defaultParallelism()),
                dataset.labelNames()).evaluation().accuracy();
    }

    private synchronized List<String> testFiles() {
        if (testFiles == null) {
            testFiles = MinibatchFiles.write(test, List.of(MinibatchFiles.range(test.size())),
                    settings.loop().batchSize(),
                    scratch.resolve("test").toUri());
        }
        return testFiles;
    }

    @Override
    public void close() {
        StagedOutput.deleteTree(scratch);
    }
}
