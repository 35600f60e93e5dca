package io.sparkcnn.worker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Executor-side settings.
 *
 * @param backend           where replicas compute
 * @param threadsPerReplica native (OpenMP/BLAS) threads each replica may use; 0 means "share the cores":
 *                          cores divided by the replicas running side by side. Measured here: two replicas on
 *                          two cores run 30 % faster with one thread each than with ND4J's default, which
 *                          oversubscribes the cores (BENCHMARKS.md).
 */
public record ExecutorSettings(Backend backend, int threadsPerReplica) {
    public ExecutorSettings {
        if (threadsPerReplica < 0) {
            throw new IllegalArgumentException("threadsPerReplica must be 0 (automatic) or positive, was "
                    + threadsPerReplica);
        }
    }

    public static ExecutorSettings defaults() {
        return new ExecutorSettings(Backend.CPU, 0);
    }

    /** Threads per replica when {@code replicas} replicas share {@code cores} cores. */
    public int threadsFor(int cores, int replicas) {
        if (threadsPerReplica > 0) {
            return threadsPerReplica;
        }
        return Math.max(1, cores / Math.max(1, replicas));
    }

    /**
     * Spark settings that carry these choices to executors started in their own JVMs (a cluster): the native
     * thread count must be in the executor's environment before ND4J loads.
     */
    public Map<String, String> sparkConf(int coresPerExecutor) {
        int threads = threadsFor(coresPerExecutor, coresPerExecutor);
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threads));
        conf.put("spark.executorEnv.OPENBLAS_NUM_THREADS", Integer.toString(threads));
        return conf;
    }
}
