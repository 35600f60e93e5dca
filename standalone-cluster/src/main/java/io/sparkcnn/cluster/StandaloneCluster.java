package io.sparkcnn.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Spark standalone cluster on this machine: a Master JVM and N Worker JVMs on 127.0.0.1, each Worker
 * launching its executors as further JVMs, all from the project's classpath (no Spark installation). Closing it,
 * or this JVM exiting (Ctrl-C included), stops every process it started, executors too.
 *
 * <p>Spark's launcher code wants a SPARK_HOME with a {@code jars/} folder and SPARK_SCALA_VERSION; both are
 * provided empty, since the classes come from the classpath (see shared/NOTES.md).
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneCluster.class);
    private static final String HOST = "127.0.0.1";
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** Sizes of the cluster: Worker JVMs, cores and memory each offers to executors. */
    public record Shape(int workers, int coresPerWorker, String memoryPerWorker) {
        public Shape {
            if (workers < 1 || coresPerWorker < 1) {
                throw new IllegalArgumentException("a cluster needs at least 1 worker with 1 core, was " + workers
                        + " x " + coresPerWorker);
            }
            if (!memoryPerWorker.matches("\\d+[mMgG]")) {
                throw new IllegalArgumentException("worker memory must look like 2048m or 2g, was " + memoryPerWorker);
            }
        }
    }

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "spark-cnn-cluster-stop");
    private String masterUrl;
    private int masterWebPort;

    private final List<String> entryPoint;

    private StandaloneCluster(Path dir, List<String> entryPoint) {
        this.dir = dir;
        this.entryPoint = entryPoint;
    }

    /**
     * Starts the master, then the workers, and waits until every worker has registered. Each daemon is a JVM
     * running {@code entryPoint} followed by {@code master ARGS} or {@code worker ARGS}, where ARGS are those of
     * Spark's own Master and Worker: the same entry point the Docker images run ({@code spark-cnn daemon}).
     */
    public static StandaloneCluster start(Shape shape, JvmLaunch jvm, List<String> entryPoint, Path dir) {
        StandaloneCluster cluster = new StandaloneCluster(dir, entryPoint);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.startAll(shape, jvm);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(Shape shape, JvmLaunch jvm) {
        try {
            Files.createDirectories(dir.resolve("spark-home").resolve("jars"));
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare cluster directory " + dir + ": " + e.getMessage(), e);
        }
        int port = freePort();
        masterWebPort = freePort();
        masterUrl = "spark://" + HOST + ":" + port;
        launch("master", jvm, List.of("master", "--host", HOST, "--port",
                Integer.toString(port), "--webui-port", Integer.toString(masterWebPort)));
        waitFor("master", () -> accepts(port) && accepts(masterWebPort));
        for (int i = 0; i < shape.workers(); i++) {
            Path work = dir.resolve("worker-" + i);
            launch("worker-" + i, jvm, List.of("worker", "--host", HOST,
                    "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()),
                    "--cores", Integer.toString(shape.coresPerWorker()), "--memory", shape.memoryPerWorker(),
                    "--work-dir", work.toString(), masterUrl));
        }
        waitFor(shape.workers() + " workers registered", () -> aliveWorkers() >= shape.workers());
        LOG.info("standalone cluster up: {} with {} workers x {} core(s), {} each; logs in {}", masterUrl,
                shape.workers(), shape.coresPerWorker(), shape.memoryPerWorker(), dir.resolve("logs"));
    }

    public String masterUrl() {
        return masterUrl;
    }

    /** Workers the master counts as alive (from its JSON status page). */
    public int aliveWorkers() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + HOST + ":" + masterWebPort + "/json/")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode status = new ObjectMapper().readTree(r.body());
            return status.path("aliveworkers").asInt(0);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void launch(String name, JvmLaunch jvm, List<String> daemonArgs) {
        List<String> command = new ArrayList<>();
        command.add(jvm.java().toString());
        command.add("-Xmx512m");
        command.addAll(jvm.jvmFlags());
        command.add("-cp");
        command.add(jvm.classpath());
        command.addAll(entryPoint);
        command.addAll(daemonArgs);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", dir.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", HOST);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("logs").resolve(name + ".log").toFile());
        try {
            processes.add(pb.start());
        } catch (IOException e) {
            throw new ClusterException("cannot start the Spark " + name + " (" + jvm.java() + "): " + e.getMessage());
        }
    }

    private void waitFor(String what, java.util.function.BooleanSupplier ready) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready.getAsBoolean()) {
            for (int i = 0; i < processes.size(); i++) {
                if (!processes.get(i).isAlive()) {
                    String name = i == 0 ? "master" : "worker-" + (i - 1);
                    throw new ClusterException("the Spark " + name + " exited with code " + processes.get(i).exitValue()
                            + " while waiting for " + what + "; see " + dir.resolve("logs").resolve(name + ".log"));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterException("timed out after " + START_TIMEOUT.toSeconds() + " s waiting for " + what
                        + "; see the logs in " + dir.resolve("logs"));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted while waiting for " + what);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** Stops workers (and their executors) first, then the master, and waits for them to be gone. */
    private void stopAll() {
        List<Process> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        for (Process p : reversed) {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : reversed) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }
}
