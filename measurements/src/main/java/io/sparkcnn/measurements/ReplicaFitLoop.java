package io.sparkcnn.measurements;

import io.sparkcnn.models.SeedCnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One replica of a zoo model fitting the same random minibatch of 64 over and over, with nothing else in the process:
 * the least noisy measure of fit, and a process for a profiler to attach to (BENCHMARKS.md, "Where a replica's CPU
 * goes"). Arguments: model name (default {@code cnn}) and minibatches per round (default 300); prints images/s for
 * three rounds after 20 warm-up minibatches.
 */
public final class ReplicaFitLoop {
    private ReplicaFitLoop() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : SeedCnn.NAME;
        int minibatches = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        MultiLayerNetwork net = ReplicaWorkload.network(model);
        DataSet batch = ReplicaWorkload.randomMinibatch();
        for (int i = 0; i < 20; i++) {
            net.fit(batch);
        }
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < minibatches; i++) {
                net.fit(batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s, round %d: %.0f images/s%n", model, round,
                    minibatches * ReplicaWorkload.MINIBATCH / seconds);
        }
    }
}
