package io.sparkcnn.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.sparkcnn.data.IdxFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts on real links: a Spark master, HDFS and two worker hosts, and the driver on a host of its own, each a network
 * namespace with its own address. The data goes to HDFS from the driver host and the executors read it from there;
 * a host whose link is down is named within seconds; a worker host lost for good is named and the run goes on with
 * the host left; nothing outlives the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    @TempDir
    static Path tmp;
    private static MultiHostCluster cluster;
    private static boolean shardsPrepared;

    @BeforeAll
    static void start() {
        cluster = MultiHostCluster.start(new MultiHostCluster.Shape(2, "1536m", "1gbit"), JvmLaunch.current(),
                tmp.resolve("cluster"));
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        String prefix = "scnn" + ProcessHandle.current().pid() + "-";
        cluster.close();
        assertEquals(List.of(), Commands.run(List.of("ip", "netns", "list")).lines()
                .filter(l -> l.startsWith(prefix)).toList(), "no namespace outlives the cluster");
        assertEquals(List.of(), ChildProcesses.aliveAfter(Duration.ofSeconds(20)), "no process outlives the cluster");
    }

    @Test
    @Order(1)
    void workerHostsTrainFromHdfsShardsPreparedByTheDriverHost() throws IOException {
        String shards = prepareShards();

        Path out = tmp.resolve("run");
        MultiHostCluster.Run train = cluster.driver(List.of("train", "--master", cluster.masterUrl(), "--shards",
                shards, "--workers", "2", "--epochs", "1", "--output", out.toString()), RUN_LIMIT);
        assertEquals(0, train.exitCode(), train.output());
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals(cluster.masterUrl(), run.at("/spark/master").asText(), run.at("/spark").toString());
        double accuracy = JSON.readTree(out.resolve("metrics.json").toFile()).at("/final/testAccuracy").asDouble();
        assertTrue(accuracy > 0.5, "learned across hosts: " + accuracy);
        for (int i = 1; i <= 2; i++) {
            Path work = tmp.resolve("cluster").resolve(MultiHostCluster.worker(i));
            try (var walk = Files.walk(work)) {
                assertTrue(walk.anyMatch(p -> p.getFileName().toString().equals("stderr")),
                        "an executor ran on " + MultiHostCluster.worker(i));
            }
        }
    }

    @Test
    @Order(2)
    void aMasterBehindADownLinkIsNamedWithinSeconds() {
        cluster.network().linkDown("master");
        try {
            MultiHostCluster.Run run = cluster.driver(List.of("train", "--master", cluster.masterUrl(), "--train-limit",
                    "100", "--epochs", "1", "--output", tmp.resolve("never").toString()), RUN_LIMIT);
            assertEquals(4, run.exitCode(), run.output());
            assertTrue(run.output().contains("cannot reach the Spark master of --master " + cluster.masterUrl()
                    + " at 10.77.0.2:7077: no answer from 10.77.0.2:7077 within 3 s"), run.output());
            assertTrue(run.took().compareTo(Duration.ofSeconds(30)) < 0, "JVM start and 3 s: " + run.took());
            assertTrue(Files.notExists(tmp.resolve("never")));
        } finally {
            cluster.network().linkUp("master");
        }
    }

    /**
     * Worker host 2 goes away for good (its worker and executor killed) once the first averaging round is done, so
     * that its executor is known to the driver (killed as training starts, it could die before registering, and a
     * host the driver never saw cannot be named): the job of rounds that needed its replica fails (the replica's task
     * is lost, or a later barrier stage finds one slot for two replicas and fails after Spark's minute of checks), is
     * started again naming the host, and the two replicas take turns on the executor left. Last: the cluster has one
     * worker host after it.
     */
    @Test
    @Order(3)
    void aWorkerHostLostForGoodIsNamedAndTheRunGoesOnWithTheHostLeft() throws IOException {
        String shards = prepareShards();
        Path out = tmp.resolve("host-lost");
        // The progress line shows the epoch's round count once a round is done ("0/? rounds" before).
        MultiHostCluster.Run train = FaultSchedule.during(cluster, List.of(Fault.parse("kill-worker:2:0")),
                "/10 rounds", () -> cluster.driver(List.of("train", "--master", cluster.masterUrl(), "--shards",
                        shards, "--workers", "2", "--epochs", "2", "--averaging-frequency", "1", "--output",
                        out.toString()),
                        RUN_LIMIT.multipliedBy(2))); // Spark's minute of slot checks, then the replicas take turns
        assertEquals(0, train.exitCode(), train.output());
        String lostHost = cluster.network().address(MultiHostCluster.worker(2));
        assertTrue(train.output().lines().anyMatch(line -> line.contains("failed on ") && line.contains(lostHost)
                && line.contains("starting them again from the last averaged parameters")),
                "the retry names the lost host: " + train.output());
        double accuracy = JSON.readTree(out.resolve("metrics.json").toFile()).at("/final/testAccuracy").asDouble();
        assertTrue(accuracy > 0.5, "learned on the host left: " + accuracy);
    }

    /** The fixture's shards for two workers on the HDFS host, prepared once by the driver host. */
    private static synchronized String prepareShards() throws IOException {
        String shards = cluster.hdfsUri("/shards");
        if (!shardsPrepared) {
            Path data = IdxFixtures.writeDataset(tmp.resolve("data"), 1200, 300);
            MultiHostCluster.Run prepare = cluster.driver(List.of("prepare", "--data-dir", data.toString(),
                    "--dataset", "fixture", "--workers", "2", "--output", shards), RUN_LIMIT);
            assertEquals(0, prepare.exitCode(), prepare.output());
            shardsPrepared = true;
        }
        return shards;
    }
}
