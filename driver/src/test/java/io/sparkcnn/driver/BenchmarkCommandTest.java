package io.sparkcnn.driver;

import static io.sparkcnn.driver.CliRun.assertUsageError;
import static io.sparkcnn.driver.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.benchmark.VariantSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code spark-cnn benchmark}, tiny: the shape of its output and its errors, not its figures. */
class BenchmarkCommandTest {
    @TempDir
    Path tmp;

    @Test
    void tinyRunReportsEveryFigure() throws IOException {
        Path json = tmp.resolve("bench.json");
        CliRun r = run("benchmark", "--train-limit", "640", "--test-limit", "500", "--epochs", "1", "--models", "cnn",
                "--layers", "fast",
                "--workers-list", "1", "--averaging-frequency", "5", "--warmup-images", "128", "--output",
                json.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("cnn fast single replica"), r.out());
        assertTrue(r.out().contains("cnn fast spark local[1], 1 worker / cnn fast single replica"), r.out());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals("benchmark", report.at("/commandLine/1").asText());
        assertTrue(report.at("/machine/cores").asInt() >= 1);
        assertTrue(report.at("/machine/loadAverage").size() >= 1);
        assertEquals(640, report.at("/dataset/trainImages").asInt());
        assertEquals(2, report.at("/runs").size(), "a single replica and one Spark run");
        for (JsonNode run : report.at("/runs")) {
            assertTrue(run.at("/error").isNull(), run.toString());
            JsonNode epoch = run.at("/epochs/0");
            assertTrue(epoch.at("/imagesPerSecond").asDouble() > 0, run.toString());
            double outside = epoch.at("/outsideFitShare").asDouble(-1);
            assertTrue(outside >= 0 && outside < 1, run.toString());
            double accuracy = run.at("/testAccuracy").asDouble(-1);
            assertTrue(accuracy >= 0 && accuracy <= 1, run.toString());
            assertTrue(run.at("/peakRssMiB").asDouble() > 0, run.toString());
        }
        // 640 images in minibatches of 64 on one worker, averaging every 5: 2 rounds in one Spark job, parts making up
        // the epoch.
        JsonNode parts = report.at("/runs/1/sparkParts");
        assertEquals(1, parts.at("/jobs").asInt(), parts.toString());
        assertTrue(parts.at("/fit").asDouble() > 0, parts.toString());
        for (String part : new String[] {"taskNotFit", "straggler", "scheduling", "betweenRounds", "outsideRounds"}) {
            // none negative beyond the millisecond granularity of Spark's task times
            assertTrue(parts.at("/" + part).asDouble() > -0.01, part + ": " + parts);
        }
        assertEquals(0, parts.at("/betweenRounds").asDouble(), "nothing between jobs with one job: " + parts);
        // the task's own clock, from its accumulators: files were loaded and states copied; one worker waits for none
        assertTrue(parts.at("/loading").asDouble() > 0, parts.toString());
        assertTrue(parts.at("/copies").asDouble() > 0, parts.toString());
        assertEquals(0, parts.at("/roundWaits").asDouble(), parts.toString());
        assertTrue(parts.at("/loading").asDouble() + parts.at("/copies").asDouble()
                < parts.at("/taskNotFit").asDouble() + 0.01, "parts of the task's time outside fit: " + parts);
        assertTrue(r.out().contains("where a Spark epoch goes"), r.out());

        JsonNode ratio = report.at("/summary/comparisons/0");
        assertEquals("epochSeconds", ratio.at("/figure").asText());
        assertTrue(ratio.at("/value").asDouble() > 0, ratio.toString());

        assertUsageError(run("benchmark", "--output", json.toString()), "already exists; choose another file");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertUsageError(run("benchmark", "--epoch", "1"), "Unknown options: '--epoch', '1'");
        assertUsageError(run("benchmark", "--repeats", "0", "--models", "cnn,resnet"),
                "--models: 'resnet' is unknown: expected one of [mlp, cnn, cnn-bn, lenet5]; --repeats must be at least"
                        + " 1, was 0");
        assertUsageError(run("benchmark", "--workers-list", "1,x"), "Invalid value for option '--workers-list'");
        assertUsageError(run("benchmark", "--layers", "fast,cudnn"), "Invalid value for option '--layers'");
        assertUsageError(run("benchmark", "--dataset", "cifar"), "--dataset 'cifar' is unknown");
    }

    @Test
    void missingPeerBuildIsAClearError() {
        System.setProperty("spark-cnn.peers.dir", tmp.toString());
        try {
            CliRun r = run("benchmark", "--peers", "--train-limit", "640", "--models", "cnn");
            assertUsageError(r, "--peers: the peer benchmarks are not built (" + tmp);
            assertTrue(r.err().contains("mvn -q -B -Ppeers -pl peer-benchmarks -am install -DskipTests"), r.err());
        } finally {
            System.clearProperty("spark-cnn.peers.dir");
        }
    }

    @Test
    void peersAreBothEnginesOrTheOnesNamed() {
        assertEquals(List.of(), peersOf());
        assertEquals(VariantSettings.PEER_ENGINES, peersOf("--peers"));
        assertEquals(VariantSettings.PEER_ENGINES, peersOf("--peers", "--models", "cnn"));
        assertEquals(List.of("tensorflow"), peersOf("--peers", "tensorflow"));
        assertEquals(List.of("pytorch", "tensorflow"), peersOf("--peers", "pytorch,tensorflow"));
        assertUsageError(run("benchmark", "--peers", "jax"),
                "--peers: peer engine 'jax' is unknown: expected one of [tensorflow, pytorch]");
    }

    private static List<String> peersOf(String... args) {
        BenchmarkCommand command = new BenchmarkCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings().variants().peers();
    }

    @Test
    void helpExplainsEveryOption() {
        CliRun r = run("benchmark", "--help");
        assertEquals(0, r.exitCode(), r.err());
        for (String option : new String[] {"--dataset", "--data-dir", "--models", "--layers", "--train-limit",
            "--test-limit", "--epochs", "--batch-size", "--repeats", "--workers-list", "--threads", "--warmup-images",
            "--peers", "--seed",
            "--output", "--overwrite", "--verbose"}) {
            assertTrue(r.out().contains(option), option + " in --help:\n" + r.out());
        }
        for (String old : new String[] {"--train-images", "--test-images"}) {
            assertFalse(r.out().contains(old), old + " is a hidden alias:\n" + r.out());
        }
    }
}
