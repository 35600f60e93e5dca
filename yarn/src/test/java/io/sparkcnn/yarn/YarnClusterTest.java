package io.sparkcnn.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.cluster.ChildProcesses;
import io.sparkcnn.cluster.JvmLaunch;
import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.MiniHdfs;
import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.data.ResolvedDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark-cnn train} submitted to YARN as the README submits it ({@code spark-submit --master yarn --deploy-mode
 * cluster}): the driver in the ApplicationMaster's container and two executors in containers of their own, on a
 * MiniYARNCluster in this JVM, reading their shards from HDFS (a MiniDFSCluster), as on a real YARN cluster where
 * no container shares the submitting machine's disk. The run must publish its outputs, learn, report success to YARN
 * and leave no process.
 */
class YarnClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the NodeManager offers: the driver's container (1 GB + 384 MB) and two executors' (768 MB + 384 MB). */
    private static final int NODE_MEMORY_MB = 4096;

    @TempDir
    static Path tmp;
    private static MiniYarn yarn;
    private static MiniHdfs hdfs;

    @BeforeAll
    static void startYarnAndHdfs() {
        hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        yarn = MiniYarn.start("spark-cnn", NODE_MEMORY_MB, tmp.resolve("hadoop-conf"));
    }

    @AfterAll
    static void stopYarnAndEverythingItStarted() throws InterruptedException {
        yarn.close();
        hdfs.close();
        assertEquals(List.of(), ChildProcesses.aliveAfter(Duration.ofSeconds(20)), "no container outlives the cluster");
    }

    @Test
    void trainsInClusterModeWithTheDriverAndExecutorsInContainersFromShardsOnHdfs() throws IOException {
        ResolvedDataset data = IdxFixtures.dataset(tmp.resolve("data"), 1200, 300);
        URI shards = hdfs.uri("/shards/fixture");
        PreparedShards.write(data.name(), data.labelNames(), data.loadTrain(), data.loadTest(),
                new PreparedShards.Plan(2, 64, 42, 0), shards);
        Path out = tmp.resolve("run");
        SparkSubmit.Result submit = SparkSubmit.toYarn(JvmLaunch.current(), yarn.confDir(), tmp.resolve("submit"),
                List.of("train", "--shards", shards.toString(), "--workers", "2", "--epochs", "1", "--output",
                        out.toString()));
        assertEquals(0, submit.exitCode(), () -> submit.output() + containerLogs());
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("yarn", run.at("/spark/master").asText(), run.at("/spark").toString());
        String read = run.at("/dataset/shards").asText();
        assertTrue(read.startsWith("hdfs://") && read.endsWith("/shards/fixture"), "read from HDFS: " + read);
        String applicationId = run.at("/spark/applicationId").asText();
        assertEquals("SUCCEEDED", yarn.finalStatus(applicationId), "what YARN recorded for " + applicationId);
        assertTrue(Files.size(out.resolve("model.zip")) > 10_000);
        double accuracy = JSON.readTree(out.resolve("metrics.json").toFile()).at("/final/testAccuracy").asDouble();
        assertTrue(accuracy > 0.5, "learned on YARN (10 classes: chance is 0.1): " + accuracy);
        // The ApplicationMaster (the driver) and two executors, each a container with its own logs.
        assertEquals(3, containersWith("stderr").size(), containersWith("stderr").toString());
    }

    private static List<Path> containersWith(String logName) throws IOException {
        try (Stream<Path> walk = Files.walk(yarn.logDir())) {
            return walk.filter(p -> p.getFileName().toString().equals(logName))
                    .filter(p -> p.getParent().getFileName().toString().startsWith("container_")).toList();
        }
    }

    /** Every container's stderr, for a failure's message: the driver's error line is in the first one. */
    private static String containerLogs() {
        StringBuilder logs = new StringBuilder();
        try {
            for (Path log : containersWith("stderr")) {
                List<String> lines = Files.readAllLines(log);
                logs.append("\n--- ").append(log).append(" (last 60 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
            }
        } catch (IOException e) {
            logs.append("\n(container logs unreadable: ").append(e).append(')');
        }
        return logs.toString();
    }
}
