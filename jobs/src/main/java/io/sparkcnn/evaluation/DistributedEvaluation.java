package io.sparkcnn.evaluation;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import io.sparkcnn.loading.MinibatchReader;
import io.sparkcnn.replica.TaskGpu;

/**
 * Evaluates a classifier on minibatch files, on the executors, in one pass: each partition rebuilds the network
 * from the broadcast configuration and a private copy of the broadcast parameters, predicts its minibatches, and
 * returns its confusion counts and summed cross-entropy; the driver merges the partitions' results.
 *
 * <p>Why not DL4J's {@code evaluate} and {@code calculateScore}: that is two passes over the test set, and in local
 * mode both close the parameter arrays they are given, which are then the driver's own network's.
 */
public final class DistributedEvaluation {
    /** Below this a predicted probability is clipped before its log, as DL4J's MCXENT loss does. */
    private static final double LOG_CLIP = 1e-10;

    /** The evaluation and the mean cross-entropy over all examples. */
    public record Result(Evaluation evaluation, double meanLoss) {
    }

    private DistributedEvaluation() {
    }

    public static Result run(JavaSparkContext sc, MultiLayerNetwork network, JavaRDD<String> minibatchFiles,
                             List<String> labelNames) {
        Broadcast<String> conf = sc.broadcast(network.getLayerWiseConfigurations().toJson());
        Broadcast<INDArray> params = sc.broadcast(network.params().dup());
        try {
            Partial total = minibatchFiles
                    .mapPartitions(new EvaluatePartition(conf, params, new MinibatchReader(sc), labelNames))
                    .reduce(Partial::merge);
            return new Result(total.evaluation, total.lossSum / total.examples);
        } finally {
            conf.destroy();
            params.destroy();
        }
    }

    /** One partition's contribution. */
    static final class Partial implements Serializable {
        private static final long serialVersionUID = 1L;
        final Evaluation evaluation;
        final double lossSum;
        final long examples;

        Partial(Evaluation evaluation, double lossSum, long examples) {
            this.evaluation = evaluation;
            this.lossSum = lossSum;
            this.examples = examples;
        }

        Partial merge(Partial other) {
            evaluation.merge(other.evaluation);
            return new Partial(evaluation, lossSum + other.lossSum, examples + other.examples);
        }
    }

    private static final class EvaluatePartition implements FlatMapFunction<Iterator<String>, Partial> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<String> conf;
        private final Broadcast<INDArray> params;
        private final MinibatchReader files;
        private final List<String> labelNames;

        EvaluatePartition(Broadcast<String> conf, Broadcast<INDArray> params, MinibatchReader files,
                          List<String> labelNames) {
            this.conf = conf;
            this.params = params;
            this.files = files;
            this.labelNames = List.copyOf(labelNames);
        }

        @Override
        public Iterator<Partial> call(Iterator<String> paths) {
            TaskGpu.bind();
            MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(conf.value()));
            net.init(params.value(), true); // a private copy: the broadcast value may be shared in local mode
            Evaluation evaluation = new Evaluation(labelNames);
            double lossSum = 0;
            long examples = 0;
            while (paths.hasNext()) {
                DataSet batch = files.read(paths.next());
                INDArray probabilities = net.output(batch.getFeatures(), false);
                evaluation.eval(batch.getLabels(), probabilities);
                lossSum -= Transforms.log(Transforms.max(probabilities, LOG_CLIP), false)
                        .muli(batch.getLabels()).sumNumber().doubleValue();
                examples += batch.numExamples();
            }
            return List.of(new Partial(evaluation, lossSum, examples)).iterator();
        }
    }
}
