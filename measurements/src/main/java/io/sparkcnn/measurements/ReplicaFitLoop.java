package io.sparkcnn.measurements;

import java.lang.management.ManagementFactory;

import io.sparkcnn.models.SeedCnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One replica of a zoo model fitting the same random minibatch of 64 over and over, with nothing else in the process:
 * the least noisy measure of fit, and a process for a profiler to attach to (BENCHMARKS.md, "Where a replica's CPU
 * goes"). Arguments: model name (default {@code cnn}) and minibatches per round (default 300); prints images/s for
 * three rounds after 20 warm-up minibatches, and the process's CPU time per minibatch (JIT compiler and GC included;
 * with one thread, {@code OMP_NUM_THREADS=1}, the measure least moved by other work on the machine).
 */
public final class ReplicaFitLoop {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

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
            long cpuStart = OS.getProcessCpuTime();
            for (int i = 0; i < minibatches; i++) {
                net.fit(batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMillis = (OS.getProcessCpuTime() - cpuStart) / 1e6 / minibatches;
            System.out.printf("%s, round %d: %.0f images/s, process CPU %.2f ms per minibatch%n", model, round,
                    minibatches * ReplicaWorkload.MINIBATCH / seconds, cpuMillis);
        }
    }
}
