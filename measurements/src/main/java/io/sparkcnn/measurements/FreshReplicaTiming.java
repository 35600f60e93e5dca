package io.sparkcnn.measurements;

import io.sparkcnn.models.SeedCnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The measurement behind the executors keeping their replicas between averaging rounds (ReplicaPool in jobs;
 * BENCHMARKS.md, "Per-round and per-file costs found and removed"). After a warmed-up replica, builds a fresh seed
 * CNN 8 times on one native thread (as a Spark replica runs) and prints how long building it and its first three
 * minibatches take. No arguments.
 */
public final class FreshReplicaTiming {
    private FreshReplicaTiming() {
    }

    public static void main(String[] args) {
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        DataSet batch = ReplicaWorkload.randomMinibatch();
        MultiLayerNetwork warm = ReplicaWorkload.network(SeedCnn.NAME);
        for (int i = 0; i < 300; i++) {
            warm.fit(batch);
        }
        for (int round = 0; round < 8; round++) {
            long start = System.nanoTime();
            MultiLayerNetwork fresh = ReplicaWorkload.network(SeedCnn.NAME);
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
}
