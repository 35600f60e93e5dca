package io.sparkcnn.executor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sparkcnn.settings.SettingProblem;

/**
 * What each executor needs to run a replica well: the settings of an executor config file ({@code --executor-config})
 * and the options of the same names.
 *
 * @param backend           where replicas compute: the CPU, or the GPU Spark assigned to the task
 * @param threadsPerReplica native (OpenMP/BLAS) threads each replica may use; 0 means "share the cores":
 *                          cores divided by the replicas running side by side. Measured here: two replicas on
 *                          two cores run 30 % faster with one thread each than with ND4J's default, which
 *                          oversubscribes the cores (BENCHMARKS.md).
 * @param offHeap           the most off-heap memory ND4J may use per executor (javacpp's maxbytes), e.g. "2g";
 *                          null for javacpp's default (the heap size). Spark is told to reserve it as
 *                          memoryOverhead, or a resource manager kills executors whose arrays outgrow the heap size.
 * @param gpusPerExecutor   GPUs each executor asks Spark's resource scheduling for (cuda only)
 * @param prefetch          minibatches each replica loads ahead in the background (0: none). On the executor, with
 *                          the other settings of how a replica runs there, rather than with the data: it changes how
 *                          files are read, not which.
 */
public record ExecutorSettings(Backend backend, int threadsPerReplica, String offHeap, int gpusPerExecutor,
                               int prefetch) {
    /** Spark's own minimum executor overhead (JVM internals), added to the off-heap limit. */
    static final long SPARK_MIN_OVERHEAD_MB = 384;
    /**
     * No background loading by default: DL4J's prefetch thread (AsyncDataSetIterator) swallows a loading error,
     * so a corrupt minibatch file would hang the task forever instead of failing it with the file's name. Loading a
     * minibatch file takes about a millisecond against ~100 ms of training on it, so little is lost.
     */
    public static final int DEFAULT_PREFETCH = 0;

    /** The CPU backend, the cores shared among the replicas, javacpp's off-heap default, no GPUs, no prefetch. */
    public static ExecutorSettings defaults() {
        return new ExecutorSettings(Backend.CPU, 0, null, 0, DEFAULT_PREFETCH);
    }

    public ExecutorSettings withBackend(Backend value) {
        return new ExecutorSettings(value, threadsPerReplica, offHeap, gpusPerExecutor, prefetch);
    }

    public ExecutorSettings withThreadsPerReplica(int value) {
        return new ExecutorSettings(backend, value, offHeap, gpusPerExecutor, prefetch);
    }

    public ExecutorSettings withOffHeap(String value) {
        return new ExecutorSettings(backend, threadsPerReplica, value, gpusPerExecutor, prefetch);
    }

    public ExecutorSettings withGpusPerExecutor(int value) {
        return new ExecutorSettings(backend, threadsPerReplica, offHeap, value, prefetch);
    }

    public ExecutorSettings withPrefetch(int value) {
        return new ExecutorSettings(backend, threadsPerReplica, offHeap, gpusPerExecutor, value);
    }

    /** Each invalid field, named as in an executor config file and on the command line. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        if (threadsPerReplica < 0) {
            problems.add(new SettingProblem("threads-per-replica", "must be 0 (automatic) or positive, was "
                    + threadsPerReplica));
        }
        if (offHeap != null && megabytes(offHeap) < 0) {
            problems.add(new SettingProblem("off-heap", "must be a size like 2g or 1536m, was '" + offHeap + "'"));
        }
        if (gpusPerExecutor < 0) {
            problems.add(new SettingProblem("gpus-per-executor", "must be 0 or more, was " + gpusPerExecutor));
        }
        if (backend == Backend.CUDA && gpusPerExecutor < 1) {
            problems.add(new SettingProblem("backend", "cuda needs gpus-per-executor of at least 1, was "
                    + gpusPerExecutor));
        }
        if (backend == Backend.CPU && gpusPerExecutor > 0) {
            problems.add(new SettingProblem("gpus-per-executor", gpusPerExecutor
                    + " needs backend cuda (the jar built with -Pcuda)"));
        }
        SettingProblem.atLeast(problems, "prefetch", prefetch, 0);
        return problems;
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
     * thread count must be in the executor's environment before ND4J loads; the off-heap limit is a JVM flag
     * (appended to any extraJavaOptions already set) with the matching memoryOverhead; GPUs are requested through
     * Spark's resource scheduling, found on each worker by {@code discoveryScript}.
     */
    public Map<String, String> sparkConf(int coresPerExecutor, String discoveryScript) {
        int threads = threadsFor(coresPerExecutor, coresPerExecutor);
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threads));
        conf.put("spark.executorEnv.OPENBLAS_NUM_THREADS", Integer.toString(threads));
        if (offHeap != null) {
            long mb = megabytes(offHeap);
            conf.put("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=" + mb + "m");
            conf.put("spark.executor.memoryOverhead", (mb + SPARK_MIN_OVERHEAD_MB) + "m");
        }
        if (gpusPerExecutor > 0) {
            conf.put("spark.executor.resource.gpu.amount", Integer.toString(gpusPerExecutor));
            // One task (one replica) per GPU: a task holds a whole GPU.
            conf.put("spark.task.resource.gpu.amount", "1");
            conf.put("spark.executor.resource.gpu.discoveryScript", discoveryScript);
        }
        return conf;
    }

    /** "2g" → 2048, "1536m" → 1536; -1 when the text is not a size. */
    static long megabytes(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        if (!s.matches("\\d+[mg]")) {
            return -1;
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return s.endsWith("g") ? n * 1024 : n;
    }
}
