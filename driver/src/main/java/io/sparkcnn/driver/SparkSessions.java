package io.sparkcnn.driver;

import io.sparkcnn.cluster.JvmLaunch;
import io.sparkcnn.driver.reach.ClusterEndpoints;
import io.sparkcnn.driver.reach.ExecutorWait;
import io.sparkcnn.driver.reach.Reachability;
import io.sparkcnn.driver.reach.YarnResourceManagers;
import io.sparkcnn.executor.ExecutorSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Starts the Spark context. The master is, in order: {@code --master}; what spark-submit set (it passes
 * {@code spark.master} as a system property); {@code local[WORKERS]}, which needs no cluster.
 */
final class SparkSessions {
    private SparkSessions() {
    }

    static JavaSparkContext start(String appName, String masterOverride, int workers, ExecutorSettings executor) {
        SparkConf conf = new SparkConf().setAppName(appName);
        String master = masterOverride != null ? masterOverride : conf.get("spark.master", "local[" + workers + "]");
        conf.setMaster(master);
        if (master.startsWith("local")) {
            // Stay on loopback: a laptop's outside address may be unreachable or firewalled.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else {
            if (System.getProperty("spark.submit.deployMode") == null) {
                // Not under spark-submit: executors load our classes from the same installation path as this driver
                // (spark-cnn cluster on this machine; our Docker images on a compose cluster) with the same flags.
                JvmLaunch jvm = JvmLaunch.current();
                conf.setIfMissing("spark.executor.extraClassPath", jvm.classpath());
                conf.setIfMissing("spark.executor.extraJavaOptions", jvm.flagsLine());
            }
            // Executors in their own JVMs: threads, off-heap limit and GPUs must be set before they start.
            int coresPerExecutor = conf.getInt("spark.executor.cores", 1);
            executor.sparkConf(coresPerExecutor, gpuDiscoveryScript()).forEach((key, value) -> {
                if (key.endsWith("extraJavaOptions") && conf.contains(key)) {
                    conf.set(key, conf.get(key) + " " + value); // keep the JVM flags already there
                } else {
                    conf.setIfMissing(key, value);
                }
            });
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // A replica's round result (its parameters and optimiser state: 1.4 MB for the seed CNN, 4.6 MB for cnn-bn at
        // 32,64 filters) goes back inside the task's status message, as results under 1 MB do by default, instead of
        // through the block manager: the driver fetching it from there took ~10 ms a task, every averaging round
        // (BENCHMARKS.md). Spark still caps it at spark.rpc.message.maxSize (128 MB by default).
        conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
        // A barrier stage (the replicas of a job of averaging rounds) needs a task slot per replica. Short of one (a
        // host lost, or its executor not yet registered) Spark checks again every 15 s, 40 times by default: ten
        // minutes before the job fails. Four checks wait a minute for a late executor; then the job fails, and the
        // trainer starts it again with the replicas queued on the slots left (ParameterAveraging).
        conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "4");
        checkAddresses(conf, master);
        JavaSparkContext sc = new JavaSparkContext(conf);
        if (!master.startsWith("local")) {
            try {
                ExecutorWait.untilAnExecutorRegisters(sc);
            } catch (RuntimeException e) {
                sc.stop();
                throw e;
            }
        }
        return sc;
    }

    /**
     * The driver's own address and the master, checked in seconds before Spark retries them for a minute (a dead
     * master) or fails with a stack trace (an address not of this machine).
     */
    private static void checkAddresses(SparkConf conf, String master) {
        String bind = conf.get("spark.driver.bindAddress",
                conf.get("spark.driver.host", System.getenv("SPARK_LOCAL_IP")));
        if (bind != null && !bind.isBlank()) {
            Reachability.requireLocal("the driver's address", bind, "set spark.driver.bindAddress and"
                    + " spark.driver.host (or SPARK_LOCAL_IP) to one of them");
        }
        Reachability.requireAny(ClusterEndpoints.sparkMasters(master));
        if ("yarn".equals(master)) {
            Reachability.requireAny(YarnResourceManagers.of(master, conf));
        }
    }

    /**
     * The script Spark runs on each worker to list its GPUs: {@code -Dspark-cnn.gpu-discovery}, else
     * {@code bin/gpu-discovery} of the installation bin/spark-cnn runs from (the same path in our Docker images).
     */
    static String gpuDiscoveryScript() {
        String explicit = System.getProperty("spark-cnn.gpu-discovery");
        if (explicit != null) {
            return explicit;
        }
        return java.nio.file.Path.of(System.getProperty("spark-cnn.home", "."), "bin", "gpu-discovery")
                .toAbsolutePath().normalize().toString();
    }
}
