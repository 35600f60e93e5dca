package io.sparkcnn.measurements;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.layers.conf.FastOutputLayer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The evaluation's forward pass ({@code MultiLayerNetwork.output}, what {@code DistributedEvaluation} runs per
 * minibatch of 64) of the seed CNN with the fast layers, its softmax output layer computed by {@code FastOutput}
 * against the same network with DL4J's own output layer (everything else, weights included, the same), alternating,
 * three rounds each on one native thread (a replica's share in local[2]): µs per image. Checks that both give the same
 * probabilities to 1e-5.
 */
public final class InferenceTiming {
    private InferenceTiming() {
    }

    public static void main(String[] args) {
        int minibatches = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        MultiLayerNetwork fast = ReplicaWorkload.network("cnn");
        String json = fast.getLayerWiseConfigurations().toJson();
        String dl4jOutput = json.replace(FastOutputLayer.class.getName(), OutputLayer.class.getName());
        if (dl4jOutput.equals(json)) {
            throw new IllegalStateException("the seed CNN's configuration names no " + FastOutputLayer.class.getName());
        }
        MultiLayerNetwork plain = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(dl4jOutput));
        plain.init(fast.params().dup(), false);
        DataSet batch = ReplicaWorkload.randomMinibatch();
        INDArray x = batch.getFeatures();
        double gap = fast.output(x, false).sub(plain.output(x, false)).amaxNumber().doubleValue();
        if (gap > 1e-5) {
            throw new IllegalStateException("the two output layers disagree by " + gap);
        }
        List<String> lines = new ArrayList<>();
        for (int round = 0; round <= 3; round++) { // round 0 warms both up
            double fastUs = time(fast, x, minibatches);
            double plainUs = time(plain, x, minibatches);
            if (round > 0) {
                lines.add(String.format("round %d: FastOutput %.1f µs/image, DL4J's output layer %.1f µs/image,"
                        + " ratio %.3f", round, fastUs, plainUs, plainUs / fastUs));
            }
        }
        lines.forEach(System.out::println);
    }

    private static double time(MultiLayerNetwork net, INDArray x, int minibatches) {
        long start = System.nanoTime();
        for (int i = 0; i < minibatches; i++) {
            net.output(x, false);
        }
        return (System.nanoTime() - start) / 1e3 / (minibatches * x.size(0));
    }
}
