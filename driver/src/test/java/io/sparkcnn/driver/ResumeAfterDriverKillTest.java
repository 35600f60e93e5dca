package io.sparkcnn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.cluster.JvmLaunch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver killed with SIGKILL after its first checkpoint leaves no output that looks complete; {@code --resume}
 * finishes the run, which ends where an uninterrupted run with the same seed ends, also on a smaller cluster: the run
 * is resumed with one task slot (spark-submit's {@code spark.master}) where it had two, as after a host was lost, and
 * its two replicas take turns.
 */
class ResumeAfterDriverKillTest {
    @TempDir
    Path tmp;

    private static List<String> train(Path output) {
        return List.of("train", "--train-limit", "3000", "--test-limit", "500", "--epochs", "3", "--output",
                output.toString());
    }

    @Test
    void aKilledRunResumesFromItsLastCheckpointAndMatchesAnUninterruptedOne() throws Exception {
        Path out = tmp.resolve("killed");
        Path checkpoint = tmp.resolve(".killed.checkpoint").resolve("epoch-0001");
        Process driver = startDriver(train(out));
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!Files.isDirectory(checkpoint) && driver.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(driver.isAlive(), "the driver was still training when killed; its log: "
                    + Files.readString(tmp.resolve("driver.log")));
            assertTrue(Files.isDirectory(checkpoint), "a checkpoint after epoch 1");
        } finally {
            driver.destroyForcibly().waitFor();
        }
        assertFalse(Files.exists(out), "a killed run leaves no output directory");

        System.setProperty("spark.master", "local[1]"); // what spark-submit passes; the run gave no --master
        try {
            assertEquals(0, SparkCnn.execute("train", "--resume", out.toString()));
        } finally {
            System.clearProperty("spark.master");
        }
        Path uninterrupted = tmp.resolve("uninterrupted");
        assertEquals(0, SparkCnn.execute(train(uninterrupted).toArray(String[]::new)));

        ObjectMapper json = new ObjectMapper();
        JsonNode resumed = json.readTree(out.resolve("metrics.json").toFile());
        JsonNode straight = json.readTree(uninterrupted.resolve("metrics.json").toFile());
        assertEquals("local[1]", json.readTree(out.resolve("run.json").toFile()).at("/spark/master").asText(),
                "resumed on one slot");
        assertEquals(3, resumed.at("/epochs").size(), "all three epochs are reported, the first from the checkpoint");
        assertEquals(straight.at("/epochs/0/testAccuracy").asDouble(), resumed.at("/epochs/0/testAccuracy").asDouble(),
                1e-9, "epoch 1 ran before the kill, from the same seed");
        assertEquals(straight.at("/final/testAccuracy").asDouble(), resumed.at("/final/testAccuracy").asDouble(),
                0.002, "same final accuracy within 0.2 pp");
        assertFalse(Files.exists(tmp.resolve(".killed.checkpoint")), "checkpoints go once the outputs are published");
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".killed"))
                    .toList(), "nothing of the killed run is left beside the output");
        }
    }

    /** The command line in a separate JVM, as bin/spark-cnn would run it. */
    private Process startDriver(List<String> args) throws IOException {
        JvmLaunch jvm = JvmLaunch.current();
        List<String> command = new ArrayList<>(List.of(jvm.java().toString(), "-Xmx2g"));
        command.addAll(jvm.jvmFlags());
        command.addAll(List.of("-cp", jvm.classpath(), SparkCnn.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("driver.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }
}
