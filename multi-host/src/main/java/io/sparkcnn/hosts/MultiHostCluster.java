package io.sparkcnn.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sparkcnn.cluster.JvmLaunch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster of hosts on one machine ({@link HostNetwork}): host {@code master} runs the Spark master, {@code hdfs} a
 * NameNode and a DataNode, {@code worker1}..{@code workerN} a Spark worker each (executors in their own JVMs, on the
 * worker's host), and {@code driver} runs spark-cnn commands ({@link #driver}). Closing it, or this JVM exiting,
 * stops every process and removes every namespace.
 */
public final class MultiHostCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MultiHostCluster.class);
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final int MASTER_PORT = 7077;
    static final String SPARK_CNN = "io.sparkcnn.driver.SparkCnn";

    /** Worker hosts, the memory each offers (one executor of 1g heap each) and every link's rate (null: unshaped). */
    public record Shape(int workers, String memoryPerWorker, String linkRate) {
        public Shape {
            if (workers < 1 || workers > 16) {
                throw new IllegalArgumentException("1 to 16 worker hosts, was " + workers);
            }
            if (linkRate != null) {
                RateUnits.bitsPerSecond(linkRate);
            }
        }
    }

    /** What a spark-cnn command on the driver host gave: its exit code, its output, how long it took. */
    public record Run(int exitCode, String output, Duration took) {
    }

    private final HostNetwork network;
    private final HostJvms jvms;
    private final Path dir;
    private final Shape shape;
    private int driverRuns;

    private MultiHostCluster(HostNetwork network, HostJvms jvms, Path dir, Shape shape) {
        this.network = network;
        this.jvms = jvms;
        this.dir = dir;
        this.shape = shape;
    }

    public static MultiHostCluster start(Shape shape, JvmLaunch jvm, Path dir) {
        List<String> hosts = new ArrayList<>(List.of("master", "hdfs", "driver"));
        for (int i = 1; i <= shape.workers(); i++) {
            hosts.add(worker(i));
        }
        HostNetwork network = HostNetwork.create(hosts);
        MultiHostCluster cluster = new MultiHostCluster(network, new HostJvms(network, jvm, dir.resolve("logs")), dir,
                shape);
        try {
            cluster.startAll();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public static String worker(int index) {
        return "worker" + index;
    }

    private void startAll() {
        if (shape.linkRate() != null) {
            network.hosts().forEach(h -> network.shape(h, shape.linkRate()));
        }
        String master = network.address("master");
        List<String> daemonLogging = List.of("-Dlog4j2.configurationFile=" + daemonLogConfig());
        jvms.start("master", "master", "512m", daemonLogging, SPARK_CNN, List.of("daemon", "master", "--host", master,
                "--port", Integer.toString(MASTER_PORT), "--webui-port", "8080"));
        jvms.start("hdfs", "hdfs", "768m", List.of(), HdfsHost.class.getName(),
                List.of(network.address("hdfs"), dir.resolve("hdfs").toString()));
        jvms.awaitLine("master", "I have been elected leader", START_TIMEOUT);
        for (int i = 1; i <= shape.workers(); i++) {
            String host = worker(i);
            jvms.start(host, host, "512m", daemonLogging, SPARK_CNN, List.of("daemon", "worker", "--host",
                    network.address(host), "--port", "7078", "--webui-port", "8081", "--cores", "1", "--memory",
                    shape.memoryPerWorker(), "--work-dir", dir.resolve(host).toString(), masterUrl()));
        }
        for (int i = 1; i <= shape.workers(); i++) {
            jvms.awaitLine(worker(i), "Successfully registered with master", START_TIMEOUT);
        }
        jvms.awaitLine("hdfs", HdfsHost.READY, START_TIMEOUT);
        LOG.info("multi-host cluster up: {} with {} worker hosts, HDFS at {}, links {}; logs in {}", masterUrl(),
                shape.workers(), hdfsUri(""), shape.linkRate() != null ? shape.linkRate() : "unshaped",
                dir.resolve("logs"));
    }

    /**
     * Spark's daemons log at INFO (their state changes: "I have been elected leader", "Successfully registered with
     * master"), which the harness waits for; spark-cnn's own configuration keeps Spark at WARN.
     */
    private Path daemonLogConfig() {
        Path file = dir.resolve("log4j2-daemons.properties");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, String.join("\n", "rootLogger.level = info",
                    "rootLogger.appenderRef.stderr.ref = stderr", "appender.stderr.type = Console",
                    "appender.stderr.name = stderr", "appender.stderr.target = SYSTEM_ERR",
                    "appender.stderr.layout.type = PatternLayout",
                    "appender.stderr.layout.pattern = %d{HH:mm:ss} %-5level %c{1}: %msg%n", ""));
        } catch (IOException e) {
            throw new HostException("cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }

    public HostNetwork network() {
        return network;
    }

    public String masterUrl() {
        return "spark://" + network.address("master") + ":" + MASTER_PORT;
    }

    /** {@code hdfs://ADDRESS:8020PATH} on the HDFS host. */
    public String hdfsUri(String path) {
        return "hdfs://" + network.address("hdfs") + ":" + HdfsHost.NAMENODE_PORT + path;
    }

    /** Starts {@code spark-cnn ARGS} on the driver host (the driver binds its address there); output to its log. */
    public Process startDriver(List<String> args, List<String> jvmProperties) {
        List<String> properties = new ArrayList<>(List.of("-Dspark.driver.host=" + network.address("driver"),
                "-Dspark.executor.memory=1g", "-Djava.awt.headless=true"));
        properties.addAll(jvmProperties);
        return jvms.start(driverName(++driverRuns), "driver", "2g", properties, SPARK_CNN, args);
    }

    /** Runs {@code spark-cnn ARGS} on the driver host to its end, at most {@code timeout}. */
    public Run driver(List<String> args, Duration timeout) {
        return driver(args, List.of(), timeout);
    }

    /** As {@link #driver(List, Duration)}, with system properties for the driver JVM ({@code -Dspark.cores.max=2}). */
    public Run driver(List<String> args, List<String> jvmProperties, Duration timeout) {
        long start = System.nanoTime();
        Process p = startDriver(args, jvmProperties);
        String name = driverName(driverRuns);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new HostException("spark-cnn " + String.join(" ", args) + " did not end within " + timeout
                        + "; see " + jvms.log(name));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new HostException("interrupted waiting for the driver");
        }
        return new Run(p.exitValue(), driverOutput(driverRuns), Duration.ofNanos(System.nanoTime() - start));
    }

    /** The log of the {@code n}th driver command (1 = the first). */
    public String driverOutput(int n) {
        try {
            return new String(Files.readAllBytes(jvms.log(driverName(n))), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether the latest driver command's log holds {@code line}. */
    public boolean driverLogHolds(String line) {
        return driverRuns > 0 && jvms.logHolds(driverName(driverRuns), line);
    }

    private static String driverName(int n) {
        return "driver-" + n;
    }

    /** Kills a worker host's Spark worker and its executors, as a host that goes away for good. */
    public void killWorker(int index) {
        jvms.kill(worker(index));
    }

    @Override
    public void close() {
        jvms.stopAll();
        network.close();
    }
}
