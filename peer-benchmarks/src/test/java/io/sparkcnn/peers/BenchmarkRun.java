package io.sparkcnn.peers;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs {@link PeerBenchmark} in-process with captured output, as a launching program would see it. */
record BenchmarkRun(int exitCode, String stdout, String stderr) {

    static BenchmarkRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PeerBenchmark.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new BenchmarkRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * One epoch on the first 2,000 Fashion-MNIST training images (32 Adam steps), tested on all 10,000 test images.
     * Skipped where Debian's Fashion-MNIST package is not installed: these tests read real images, not fixtures,
     * because "well above chance" is only meaningful on real data.
     */
    static BenchmarkRun shortFashionRun(PeerEngine engine) {
        assumeTrue(Files.isDirectory(PeerBenchmark.FASHION_MNIST), "needs " + PeerBenchmark.FASHION_MNIST);
        return of("--engine", engine.cliName(), "--data-dir", PeerBenchmark.FASHION_MNIST.toString(),
                "--epochs", "1", "--batch-size", "64", "--threads", "2", "--seed", "42", "--train-images", "2000");
    }

    /** The last line of stdout, parsed; the contract with launching programs. */
    JsonNode resultJson() throws Exception {
        List<String> lines = new ArrayList<>(stdout.lines().toList());
        assertTrue(!lines.isEmpty(), "no stdout; stderr was:\n" + stderr);
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    /** Checks a finished 1-epoch, 2,000-image run of {@code engine}. */
    void assertSaneShortRun(PeerEngine engine, String versionPrefix) throws Exception {
        assertEquals(0, exitCode, "stderr:\n" + stderr);
        JsonNode json = resultJson();
        assertEquals(engine.cliName(), json.get("engine").asText());
        assertTrue(json.get("engineVersion").asText().startsWith(versionPrefix), json.toString());
        assertEquals(2, json.get("threads").asInt());
        assertEquals(64, json.get("batchSize").asInt());
        assertEquals(2000, json.get("trainImages").asInt());
        assertEquals(1, json.get("epochs").size());
        JsonNode epoch = json.get("epochs").get(0);
        assertEquals(1, epoch.get("epoch").asInt());
        double seconds = epoch.get("seconds").asDouble();
        double rate = epoch.get("imagesPerSecond").asDouble();
        assertTrue(seconds > 0 && rate > 0, json.toString());
        assertEquals(2000 / seconds, rate, rate * 0.01, "images/s is images over seconds");
        assertEquals(rate, json.get("medianImagesPerSecond").asDouble(), 1e-9, "median of one epoch");
        double accuracy = json.get("testAccuracy").asDouble();
        assertTrue(accuracy > 0.5 && accuracy <= 1.0, "accuracy " + accuracy + " is not well above chance (0.1)");
        assertTrue(json.get("peakRssMiB").asDouble() > 100, "an engine and 60k images take more than 100 MiB");
    }
}
