package io.sparkcnn.cluster;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Spark's standalone Master and Worker, run in this JVM with the arguments of Spark's own start-master.sh and
 * start-worker.sh. Found by name: Spark is provided (on the classpath at run time, not a compile dependency).
 */
public enum SparkDaemon {
    MASTER("org.apache.spark.deploy.master.Master"),
    WORKER("org.apache.spark.deploy.worker.Worker");

    private final String mainClass;

    SparkDaemon(String mainClass) {
        this.mainClass = mainClass;
    }

    public static SparkDaemon parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("daemon '" + name + "': expected master or worker");
        }
    }

    /** Runs the daemon until it is stopped (it returns only when Spark's main does). */
    public void run(String[] args) {
        try {
            Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw new ClusterException("the Spark " + name().toLowerCase(Locale.ROOT) + " failed: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ClusterException("Spark's " + mainClass + " is not on the classpath: " + e);
        }
    }
}
