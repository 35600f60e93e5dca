package io.sparkcnn.driver.reach;

import java.time.Duration;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Waits, on a cluster, until an executor has registered with the driver. Spark itself waits for ever ("Initial job
 * has not accepted any resources") when the workers have no room for the application or when its executors cannot
 * connect back to the driver's address, the commonest hang of a first cluster run; this names both causes instead.
 */
public final class ExecutorWait {
    /** Spark conf key (also a -D system property) for the wait, in seconds. */
    public static final String TIMEOUT_KEY = "spark.cnn.executorWaitSeconds";
    /** An executor JVM starts in 5-15 s here; a busy cluster may need longer (set the key). */
    static final long DEFAULT_SECONDS = 90;

    private ExecutorWait() {
    }

    /** Returns once an executor is registered; throws {@link UnreachableException} after the timeout. */
    public static void untilAnExecutorRegisters(JavaSparkContext sc) {
        SparkConf conf = sc.getConf();
        Duration timeout = Duration.ofSeconds(conf.getLong(TIMEOUT_KEY, DEFAULT_SECONDS));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sc.sc().statusTracker().getExecutorInfos().length < 2) { // the driver counts as one
            if (sc.sc().isStopped()) {
                throw new UnreachableException("the Spark master " + sc.master() + " ended the application before any"
                        + " executor started (the driver's log above says why)");
            }
            if (System.nanoTime() > deadline) {
                throw new UnreachableException(noExecutorMessage(sc.master(), conf, timeout));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnreachableException("interrupted while waiting for executors of " + sc.master());
            }
        }
    }

    static String noExecutorMessage(String master, SparkConf conf, Duration timeout) {
        String driver = conf.get("spark.driver.host", "?") + ":" + conf.get("spark.driver.port", "?");
        boolean yarn = master.startsWith("yarn");
        String freeResources = yarn ? "the ResourceManager's web UI (port 8088) lists each node's free memory; YARN"
                + " adds spark.executor.memoryOverhead, at least 384 MB, to each executor's container"
                : "the master's web UI lists what each worker has free";
        String executorLog = yarn ? "'yarn logs -applicationId " + conf.get("spark.app.id", "ID") + "' shows the"
                + " executors' stderr with the connection error" : "an executor's stderr in its worker's work directory"
                + " shows the connection error";
        return "no executor registered with the driver within " + timeout.toSeconds() + " s of connecting to "
                + master + ": either the cluster has no free cores or memory for the application (it asks for "
                + conf.get("spark.executor.cores", "1") + " core(s) and " + conf.get("spark.executor.memory", "1g")
                + " per executor; " + freeResources + "), or the executors cannot connect back to the driver at "
                + driver + " (set spark.driver.host, or SPARK_LOCAL_IP, to an address of this machine the executors'"
                + " hosts can reach; " + executorLog + "). Wait longer with -D" + TIMEOUT_KEY + "=SECONDS.";
    }
}
