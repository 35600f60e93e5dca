package io.sparkcnn.driver;

import io.sparkcnn.worker.ExecutorSettings;
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
            // Executors in their own JVMs: their native thread count must be in their environment at start.
            int coresPerExecutor = conf.getInt("spark.executor.cores", 1);
            executor.sparkConf(coresPerExecutor).forEach(conf::setIfMissing);
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return new JavaSparkContext(conf);
    }
}
