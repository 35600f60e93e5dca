package io.sparkcnn.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.sparkcnn.cluster.JvmLaunch;
import io.sparkcnn.cluster.StandaloneCluster;
import io.sparkcnn.settings.SettingsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-cnn cluster [options] train ...}: starts a Spark standalone master and workers on this machine
 * (separate JVMs, executors in their own JVMs, as on a real cluster), runs the command against it, and stops
 * everything it started, also when the command fails or the user presses Ctrl-C.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a command on a Spark standalone cluster started on this machine for it:",
            "  spark-cnn cluster --spark-workers 2 train --epochs 1",
            "A Spark master and N Spark worker JVMs on 127.0.0.1, from this program's own classpath",
            "(no Spark install needed)."})
final class ClusterCommand implements Callable<Integer> {
    static final List<String> SPARK_COMMANDS = List.of("train", "evaluate");

    @Option(names = "--spark-workers", paramLabel = "N", description = "Spark worker JVMs. Default: ${DEFAULT-VALUE}.")
    int sparkWorkers = 2;

    @Option(names = "--cores-per-worker", paramLabel = "N",
            description = "Cores each Spark worker offers (one executor per Spark worker). Default: ${DEFAULT-VALUE}.")
    int coresPerWorker = 1;

    @Option(names = "--memory-per-worker", paramLabel = "SIZE",
            description = "Memory each Spark worker offers, e.g. 2g. Default: ${DEFAULT-VALUE}.")
    String memoryPerWorker = "2g";

    @Option(names = "--executor-memory", paramLabel = "SIZE",
            description = "Heap of each executor JVM (the rest of the Spark worker's memory is left for ND4J's"
                    + " off-heap arrays). Default: ${DEFAULT-VALUE}.")
    String executorMemory = "1g";

    @Option(names = "--cluster-dir", paramLabel = "DIR",
            description = "Where the cluster's logs and work directories go. Default: a new temporary directory.")
    Path clusterDir;

    @Parameters(paramLabel = "COMMAND", arity = "1..*",
            description = "The command to run on the cluster and its options: train ... or evaluate ...")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!SPARK_COMMANDS.contains(command.get(0))) {
            throw new SettingsException("cluster runs one of " + SPARK_COMMANDS + ", not '" + command.get(0) + "'");
        }
        if (command.stream().anyMatch(a -> a.equals("--master") || a.startsWith("--master="))) {
            throw new SettingsException("cluster sets --master itself; leave it out of the " + command.get(0)
                    + " options");
        }
        StandaloneCluster.Shape shape;
        try {
            shape = new StandaloneCluster.Shape(sparkWorkers, coresPerWorker, memoryPerWorker);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("--spark-workers, --cores-per-worker, --memory-per-worker: " + e.getMessage());
        }
        Path dir = clusterDir != null ? Files.createDirectories(clusterDir)
                : Files.createTempDirectory("spark-cnn-cluster-");
        JvmLaunch jvm = JvmLaunch.current();
        try (StandaloneCluster cluster = StandaloneCluster.start(shape, jvm,
                List.of(SparkCnn.class.getName(), "daemon"), dir)) {
            Map<String, String> conf = executorConf();
            conf.forEach(System::setProperty);
            try {
                List<String> args = new ArrayList<>(command);
                args.add("--master");
                args.add(cluster.masterUrl());
                return SparkCnn.execute(args.toArray(String[]::new));
            } finally {
                conf.keySet().forEach(System::clearProperty);
            }
        } finally {
            System.err.println("cluster stopped; its logs are in " + dir.resolve("logs"));
        }
    }

    /** One executor per worker, of the worker's size (classpath and JVM flags: see SparkSessions). */
    private Map<String, String> executorConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executor.memory", executorMemory);
        conf.put("spark.executor.cores", Integer.toString(coresPerWorker));
        return conf;
    }
}
