package io.sparkcnn.evaluation;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import io.sparkcnn.layers.runtime.TrainingNetwork;
import io.sparkcnn.loading.MinibatchReader;
import io.sparkcnn.replica.NetworkPool;
import io.sparkcnn.replica.TaskGpu;

/**
 * Evaluates a classifier on minibatch files, on the executors, in one pass: each partition predicts its minibatches
 * with a network of the broadcast configuration holding a private copy of the broadcast parameters, and returns its
 * confusion counts and summed cross-entropy ({@link TestTally}); the driver merges the partitions' results.
 *
 * <p>A training run evaluates the same test set after every epoch with one instance ({@link #of}, then
 * {@link #evaluate} per epoch): its configuration is broadcast once, and each executor keeps the networks it built
 * from it ({@link NetworkPool}), setting each epoch's parameters on them. A network built anew, its configuration
 * parsed and its layers' buffers allocated in its first forward pass, cost 45-140 ms of a partition's time every
 * epoch (BENCHMARKS.md). Only the parameters matter to a forward pass, so the configuration as it was when the run's
 * evaluation began serves every epoch (the learning rate it names changes, and is not used).
 *
 * <p>Why not DL4J's {@code evaluate} and {@code calculateScore}: that is two passes over the test set, and in local
 * mode both close the parameter arrays they are given, which are then the driver's own network's.
 */
public final class DistributedEvaluation implements AutoCloseable {
    /** The networks this JVM keeps for evaluations, one per task running at once. */
    private static final NetworkPool<MultiLayerNetwork> NETWORKS = new NetworkPool<>();

    /**
     * The evaluation and the mean cross-entropy over all examples; when asked for, each example's class
     * probabilities, in the order of the minibatch files and of the examples in each.
     */
    public record Result(Evaluation evaluation, double meanLoss, Optional<float[][]> probabilities) {
    }

    private final JavaSparkContext sc;
    private final Broadcast<MultiLayerConfiguration> conf;
    private final JavaRDD<String> minibatchFiles;
    private final MinibatchReader reader;
    private final List<String> labelNames;

    private DistributedEvaluation(JavaSparkContext sc, MultiLayerConfiguration configuration,
                                  JavaRDD<String> minibatchFiles, List<String> labelNames) {
        this.sc = sc;
        // The object, as the replicas' is broadcast: its JSON took ~0.2 s of the driver's CPU to write the first time
        // (Jackson set up for DL4J's classes), and each new network's parsing it on the executors more.
        this.conf = sc.broadcast(configuration.clone());
        this.minibatchFiles = minibatchFiles;
        this.reader = new MinibatchReader(sc);
        this.labelNames = List.copyOf(labelNames);
    }

    /** Evaluations of networks of {@code configuration} on {@code minibatchFiles}; close it after the last. */
    public static DistributedEvaluation of(JavaSparkContext sc, MultiLayerConfiguration configuration,
                                           JavaRDD<String> minibatchFiles, List<String> labelNames) {
        return new DistributedEvaluation(sc, configuration, minibatchFiles, labelNames);
    }

    /** One evaluation of {@code network}. */
    public static Result run(JavaSparkContext sc, MultiLayerNetwork network, JavaRDD<String> minibatchFiles,
                             List<String> labelNames) {
        try (DistributedEvaluation evaluation = of(sc, network.getLayerWiseConfigurations(), minibatchFiles,
                labelNames)) {
            return evaluation.evaluate(network);
        }
    }

    /** Evaluates {@code network}'s parameters (its configuration must be the one given to {@link #of}). */
    public Result evaluate(MultiLayerNetwork network) {
        return evaluate(network, false);
    }

    /** The same, with every example's probabilities (for the report's pictures, which would otherwise predict anew). */
    public Result evaluateWithProbabilities(MultiLayerNetwork network) {
        return evaluate(network, true);
    }

    private Result evaluate(MultiLayerNetwork network, boolean keepProbabilities) {
        Broadcast<INDArray> params = sc.broadcast(network.params().dup());
        try {
            TestTally total = minibatchFiles
                    .mapPartitionsWithIndex(new EvaluatePartition(conf, params, reader, labelNames, keepProbabilities),
                            false)
                    .reduce(TestTally::merge);
            return new Result(total.evaluation(), total.meanLoss(), total.probabilities());
        } finally {
            params.destroy();
        }
    }

    /** Lets go of the broadcast configuration, and in local mode of the networks this JVM kept for it. */
    @Override
    public void close() {
        conf.destroy();
        if (sc.isLocal()) {
            NETWORKS.clear();
        }
    }

    private static final class EvaluatePartition
            implements Function2<Integer, Iterator<String>, Iterator<TestTally>> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<MultiLayerConfiguration> conf;
        private final Broadcast<INDArray> params;
        private final MinibatchReader files;
        private final List<String> labelNames;
        private final boolean keepProbabilities;

        EvaluatePartition(Broadcast<MultiLayerConfiguration> conf, Broadcast<INDArray> params, MinibatchReader files,
                          List<String> labelNames, boolean keepProbabilities) {
            this.conf = conf;
            this.params = params;
            this.files = files;
            this.labelNames = labelNames;
            this.keepProbabilities = keepProbabilities;
        }

        @Override
        public Iterator<TestTally> call(Integer partition, Iterator<String> paths) {
            TestTally tally = keepProbabilities ? new TestTally(new Evaluation(labelNames), partition)
                    : new TestTally(new Evaluation(labelNames));
            if (!paths.hasNext()) {
                return List.of(tally).iterator();
            }
            // Bound first, so that a new network's arrays live on the GPU Spark assigned to this task.
            NetworkPool.Key key = NetworkPool.Key.inThisExecutor(conf.id(), TaskGpu.bind());
            MultiLayerNetwork net = NETWORKS.take(key);
            if (net == null) {
                // Copies of the configuration and parameters: the broadcast values may be shared in local mode.
                net = TrainingNetwork.withParameters(conf.value().clone(), params.value());
            } else {
                net.setParams(params.value()); // copied into the kept network's own parameter array
            }
            while (paths.hasNext()) {
                DataSet batch = files.read(paths.next());
                tally.add(Predictions.rows(net.output(batch.getFeatures(), false)),
                        Predictions.rows(batch.getLabels()));
            }
            NETWORKS.giveBack(key, net);
            return List.of(tally).iterator();
        }
    }

    /** How many networks this JVM keeps for evaluations (for tests). */
    static int keptNetworks() {
        return NETWORKS.size();
    }
}
