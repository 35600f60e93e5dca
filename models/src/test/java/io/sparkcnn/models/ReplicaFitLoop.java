package io.sparkcnn.models;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Not a test: one replica of a zoo model fitting the same random minibatch of 64 over and over, with nothing else in
 * the process, for a profiler to attach to (BENCHMARKS.md, "where a replica's CPU goes"). Arguments: model name and
 * number of minibatches; prints images/s for three rounds.
 */
public final class ReplicaFitLoop {
    private ReplicaFitLoop() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : SeedCnn.NAME;
        int minibatches = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        MultiLayerNetwork net = ModelCatalog.newNetwork(model, ModelSpec.mnistLike(model, 42));
        Nd4j.getRandom().setSeed(1);
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 64, 784), oneHot(64, 10));
        for (int i = 0; i < 20; i++) {
            net.fit(batch);
        }
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < minibatches; i++) {
                net.fit(batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s, round %d: %.0f images/s%n", model, round, minibatches * 64 / seconds);
        }
    }

    private static INDArray oneHot(int examples, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, examples, classes);
        for (int i = 0; i < examples; i++) {
            y.putScalar(i, i % classes, 1f);
        }
        return y;
    }
}
