package io.sparkcnn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.cluster.ChildProcesses;
import io.sparkcnn.cluster.JvmLaunch;
import io.sparkcnn.cluster.StandaloneCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster: a master and two worker JVMs on 127.0.0.1, executors in their own JVMs, started by
 * {@code spark-cnn cluster} from the test classpath. The run must match local[2] and leave no process behind.
 */
class StandaloneClusterTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> train(Path output) {
        return List.of("train", "--train-limit", "2000", "--test-limit", "500", "--epochs", "1", "--output",
                output.toString());
    }

    @Test
    void trainsOnAStandaloneClusterAsInLocalModeAndStopsEverything() throws IOException, InterruptedException {
        Path onCluster = tmp.resolve("cluster-run");
        List<String> args = new java.util.ArrayList<>(List.of("cluster", "--spark-workers", "2",
                "--memory-per-worker", "1536m", "--cluster-dir", tmp.resolve("cluster").toString()));
        args.addAll(train(onCluster));
        assertEquals(0, SparkCnn.execute(args.toArray(String[]::new)));

        JsonNode run = JSON.readTree(onCluster.resolve("run.json").toFile());
        assertTrue(run.at("/spark/master").asText().startsWith("spark://127.0.0.1:"), run.at("/spark").toString());
        assertTrue(Files.size(onCluster.resolve("model.zip")) > 100_000);
        List<Path> executorLogs;
        try (var walk = Files.walk(tmp.resolve("cluster"))) {
            executorLogs = walk.filter(p -> p.getFileName().toString().equals("stderr")).toList();
        }
        assertEquals(2, executorLogs.size(), "one executor JVM per worker: " + executorLogs);

        Path local = tmp.resolve("local-run");
        assertEquals(0, SparkCnn.execute(train(local).toArray(String[]::new)));
        double clusterAccuracy = JSON.readTree(onCluster.resolve("metrics.json").toFile()).at("/final/testAccuracy")
                .asDouble();
        double localAccuracy = JSON.readTree(local.resolve("metrics.json").toFile()).at("/final/testAccuracy")
                .asDouble();
        assertTrue(clusterAccuracy > 0.5, "learned: " + clusterAccuracy);
        assertEquals(localAccuracy, clusterAccuracy, 0.02, "same seed, same data: the cluster trains as local[2]");

        assertEquals(List.of(), ChildProcesses.aliveAfter(Duration.ofSeconds(20)),
                "nothing the cluster started outlives it");
    }

    @Test
    void trainingSurvivesTheLossOfAWorkerAndItsExecutor() throws Exception {
        Path out = tmp.resolve("survivor");
        Path firstCheckpoint = tmp.resolve(".survivor.checkpoint").resolve("epoch-0001");
        try (StandaloneCluster cluster = StandaloneCluster.start(new StandaloneCluster.Shape(2, 1, "1536m"),
                JvmLaunch.current(), List.of(SparkCnn.class.getName(), "daemon"), tmp.resolve("cluster"))) {
            System.setProperty("spark.executor.memory", "1g");
            java.util.concurrent.CompletableFuture<Integer> run = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> SparkCnn.execute("train", "--master", cluster.masterUrl(), "--train-limit", "3000",
                            "--test-limit", "500", "--epochs", "3", "--output", out.toString()));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!Files.isDirectory(firstCheckpoint) && !run.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(run.isDone(), "still training after epoch 1");
            killWorker(tmp.resolve("cluster"), 1); // the worker JVM and the executor it launched, as if the machine died
            assertEquals(0, run.get(10, java.util.concurrent.TimeUnit.MINUTES), "Spark reran the lost tasks");
        } finally {
            System.clearProperty("spark.executor.memory");
        }
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(3, metrics.at("/epochs").size());
        assertTrue(metrics.at("/final/testAccuracy").asDouble() > 0.6, metrics.at("/final/testAccuracy").toString());
    }

    /**
     * Kills worker {@code index} of the cluster in {@code clusterDir} and the executors it launched, as a machine
     * failure would: the child JVM of this one whose command line names that worker's work directory.
     */
    private static void killWorker(Path clusterDir, int index) {
        String workDir = clusterDir.resolve("worker-" + index).toString();
        ProcessHandle worker = ProcessHandle.current().children()
                .filter(p -> arguments(p).contains("\0" + workDir + "\0"))
                .findFirst().orElseThrow(() -> new AssertionError("no worker JVM with work directory " + workDir));
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
    }

    /**
     * A process's command line as Linux keeps it, each argument followed by a NUL. Not ProcessHandle.Info: it gives
     * no arguments for a command line longer than 4 KB, and the classpath alone is longer.
     */
    private static String arguments(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
        } catch (IOException e) {
            return ""; // gone, or not Linux
        }
    }

    @Test
    void clusterRefusesWhatItCannotRun() {
        assertEquals(SparkCnn.EXIT_USAGE, SparkCnn.execute("cluster", "predict", "--model-file", "m.zip", "x.png"));
        assertEquals(SparkCnn.EXIT_USAGE, SparkCnn.execute("cluster", "train", "--master", "local[2]"));
        assertEquals(SparkCnn.EXIT_USAGE, SparkCnn.execute("cluster", "--memory-per-worker", "lots", "train"));
    }
}
