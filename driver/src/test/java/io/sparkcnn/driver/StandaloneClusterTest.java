package io.sparkcnn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?")).toList(), "nothing the cluster started outlives it");
    }

    @Test
    void clusterRefusesWhatItCannotRun() {
        assertEquals(SparkCnn.EXIT_USAGE, SparkCnn.execute("cluster", "predict", "--model-file", "m.zip", "x.png"));
        assertEquals(SparkCnn.EXIT_USAGE, SparkCnn.execute("cluster", "train", "--master", "local[2]"));
        assertEquals(SparkCnn.EXIT_USAGE, SparkCnn.execute("cluster", "--memory-per-worker", "lots", "train"));
    }
}
