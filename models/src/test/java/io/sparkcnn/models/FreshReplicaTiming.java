package io.sparkcnn.models;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Not a test: the measurement behind the executors keeping their replicas between averaging rounds (ReplicaPool in
 * jobs; BENCHMARKS.md, session 8). After a warmed-up replica, builds a fresh seed CNN 8 times on one native thread (as
 * a Spark replica runs) and prints how long building it and its first three minibatches take.
 */
public final class FreshReplicaTiming {
    private FreshReplicaTiming() {
    }

    public static void main(String[] args) {
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 64, 784), oneHot(64, 10));
        MultiLayerNetwork warm = ModelCatalog.newNetwork(SeedCnn.NAME, ModelSpec.mnistLike(SeedCnn.NAME, 42));
        for (int i = 0; i < 300; i++) {
            warm.fit(batch);
        }
        for (int round = 0; round < 8; round++) {
            long start = System.nanoTime();
            MultiLayerNetwork fresh = ModelCatalog.newNetwork(SeedCnn.NAME, ModelSpec.mnistLike(SeedCnn.NAME, 42));
            long built = System.nanoTime();
            StringBuilder fits = new StringBuilder();
            long before = built;
            for (int i = 1; i <= 3; i++) {
                fresh.fit(batch);
                long after = System.nanoTime();
                fits.append(String.format(", fit %d %.1f ms", i, (after - before) / 1e6));
                before = after;
            }
            System.out.printf("build %.1f ms%s%n", (built - start) / 1e6, fits);
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
