package io.sparkcnn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.sparkcnn.cluster.JvmLaunch;
import io.sparkcnn.cluster.StandaloneCluster;
import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.driver.reach.ExecutorWait;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service the run needs and cannot reach is one line naming it, its address and how to check it, exit code 4,
 * within seconds (Spark retries a dead master for a minute, Hadoop a dead namenode for longer), and no output.
 * Silent addresses (a down link) are checked across network namespaces in {@code MultiHostClusterTest}.
 */
class UnreachableServicesTest {
    private static final Duration PROMPT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private Path data;

    @BeforeEach
    void fixture() throws IOException {
        data = IdxFixtures.writeDataset(tmp.resolve("data"), 200, 50);
    }

    private CliRun train(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data-dir", data.toString(), "--dataset",
                "fixture", "--epochs", "1", "--output", tmp.resolve("out").toString()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    /** Exit 4 with {@code expected} in one error line, soon, nothing written. */
    private void assertUnreachable(CliRun run, Duration took, String... expected) {
        assertEquals(SparkCnn.EXIT_UNREACHABLE, run.exitCode(), run.err());
        String error = run.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
        for (String e : expected) {
            assertTrue(error.contains(e), "expected '" + e + "' in the error line of: " + run.err());
        }
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertTrue(took.compareTo(PROMPT) < 0, "said within " + PROMPT.toSeconds() + " s, took " + took);
        assertFalse(Files.exists(tmp.resolve("out")), "nothing published");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // free again once closed: nothing listens there
        }
    }

    @Test
    void aDeadMasterIsNamedWithHowToCheckIt() throws IOException {
        int port = closedPort();
        long start = System.nanoTime();
        CliRun run = train("--master", "spark://127.0.0.1:" + port);
        assertUnreachable(run, Duration.ofNanos(System.nanoTime() - start), "cannot reach the Spark master",
                "127.0.0.1:" + port, "connection refused", "/dev/tcp/127.0.0.1/" + port);
    }

    @Test
    void standbyMastersNeedOnlyOneAnswering() throws IOException {
        int dead = closedPort();
        int alsoDead = closedPort();
        CliRun run = train("--master", "spark://127.0.0.1:" + dead + ",127.0.0.1:" + alsoDead);
        assertEquals(SparkCnn.EXIT_UNREACHABLE, run.exitCode(), run.err());
        assertTrue(run.err().contains(":" + dead) && run.err().contains(":" + alsoDead), "both named: " + run.err());
    }

    /** Spark's YARN client would retry it for yarn.resourcemanager.connect.max-wait.ms: 15 minutes by default. */
    @Test
    void aDeadYarnResourceManagerIsNamedWithWhereItsAddressComesFrom() throws IOException {
        int port = closedPort();
        System.setProperty("spark.hadoop.yarn.resourcemanager.address", "127.0.0.1:" + port);
        try {
            long start = System.nanoTime();
            CliRun run = train("--master", "yarn");
            assertUnreachable(run, Duration.ofNanos(System.nanoTime() - start), "cannot reach the YARN ResourceManager"
                    + " of --master yarn (yarn.resourcemanager.address) at 127.0.0.1:" + port, "connection refused",
                    "HADOOP_CONF_DIR", "/dev/tcp/127.0.0.1/" + port);
        } finally {
            System.clearProperty("spark.hadoop.yarn.resourcemanager.address");
        }
    }

    @Test
    void aMasterUrlWithoutPortIsAUsageError() {
        CliRun.assertUsageError(train("--master", "spark://127.0.0.1"), "is not HOST:PORT");
    }

    @Test
    void aDeadNamenodeIsNamedBeforeAnythingWaitsOnIt() throws IOException {
        int port = closedPort();
        long start = System.nanoTime();
        CliRun run = CliRun.run("train", "--shards", "hdfs://127.0.0.1:" + port + "/shards", "--output",
                tmp.resolve("out").toString());
        assertUnreachable(run, Duration.ofNanos(System.nanoTime() - start), "cannot reach the HDFS namenode",
                "--shards hdfs://127.0.0.1:" + port + "/shards", "fs.defaultFS");
        CliRun prepare = CliRun.run("prepare", "--data-dir", data.toString(), "--dataset", "fixture", "--output",
                "hdfs://127.0.0.1:" + port + "/shards");
        assertEquals(SparkCnn.EXIT_UNREACHABLE, prepare.exitCode(), prepare.err());
        assertTrue(prepare.err().contains("the HDFS namenode of --output"), prepare.err());
    }

    @Test
    void aDriverAddressNotOfThisMachineIsNamed() {
        System.setProperty("spark.driver.bindAddress", "10.77.255.254"); // ours, and on no interface here
        try {
            long start = System.nanoTime();
            CliRun run = train();
            assertUnreachable(run, Duration.ofNanos(System.nanoTime() - start),
                    "the driver's address 10.77.255.254 is not an address of this machine", "spark.driver.bindAddress");
        } finally {
            System.clearProperty("spark.driver.bindAddress");
        }
    }

    /**
     * A master that answers but whose workers cannot host an executor of the asked size: Spark would wait for ever
     * ("Initial job has not accepted any resources"); the run names both causes of no executor and stops.
     */
    @Test
    void noExecutorWithinTheWaitNamesTheResourcesAndTheDriverAddress() {
        try (StandaloneCluster cluster = StandaloneCluster.start(new StandaloneCluster.Shape(1, 1, "512m"),
                JvmLaunch.current(), List.of(SparkCnn.class.getName(), "daemon"), tmp.resolve("cluster"))) {
            System.setProperty("spark.executor.memory", "1g");
            System.setProperty(ExecutorWait.TIMEOUT_KEY, "5");
            CliRun run = train("--master", cluster.masterUrl());
            assertEquals(SparkCnn.EXIT_UNREACHABLE, run.exitCode(), run.err());
            assertTrue(run.err().contains("no executor registered with the driver within 5 s"), run.err());
            assertTrue(run.err().contains("1 core(s) and 1g per executor"), run.err());
            assertTrue(run.err().matches("(?s).*cannot connect back to the driver at [0-9.]+:[0-9]+ .*"), run.err());
            assertFalse(Files.exists(tmp.resolve("out")), "nothing published");
        } finally {
            System.clearProperty("spark.executor.memory");
            System.clearProperty(ExecutorWait.TIMEOUT_KEY);
        }
    }
}
