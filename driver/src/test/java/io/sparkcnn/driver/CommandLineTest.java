package io.sparkcnn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.data.IdxFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: exit codes and messages. */
class CommandLineTest {
    @TempDir
    Path tmp;

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SparkCnn.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static void assertUsageError(Result r, String expected) {
        assertEquals(SparkCnn.EXIT_USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for a usage error: " + r.err());
    }

    @Test
    void helpListsTheOptions() {
        Result r = run("train", "--help");
        assertEquals(0, r.exitCode());
        for (String option : new String[] {"--dataset", "--data-dir", "--epochs", "--workers", "--batch-size",
            "--averaging-frequency", "--learning-rate", "--seed", "--master", "--output"}) {
            assertTrue(r.out().contains(option), option + " in --help");
        }
    }

    @Test
    void missingSubcommand() {
        assertUsageError(run(), "missing subcommand");
    }

    @Test
    void unknownSubcommandAndOption() {
        assertUsageError(run("trian"), "Unmatched argument at index 0: 'trian'");
        assertUsageError(run("train", "--epoch", "3"), "Unknown options: '--epoch', '3'");
    }

    @Test
    void badValues() {
        assertUsageError(run("train", "--epochs", "three"), "Invalid value for option '--epochs'");
        assertUsageError(run("train", "--epochs", "0", "--workers", "-1"),
                "--epochs must be at least 1, was 0; --workers must be at least 1, was -1");
        assertUsageError(run("train", "--learning-rate", "0"), "--learning-rate must be in (0, 10]");
        assertUsageError(run("train", "--model", "resnet"), "--model 'resnet' is unknown");
        assertUsageError(run("train", "--batch-size"), "Missing required parameter for option '--batch-size'");
    }

    @Test
    void missingDataIsADataError() throws IOException {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("d"), 20, 10);
        Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));
        Result r = run("train", "--data-dir", dir.toString(), "--output", tmp.resolve("out").toString());
        assertEquals(SparkCnn.EXIT_DATA, r.exitCode(), r.err());
        assertTrue(r.err().contains("missing train-images-idx3-ubyte[.gz]"), r.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void trainsOnAnyMnistFormatDirectoryAndWritesOutputs() throws IOException {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("mine"), 400, 100);
        Path out = tmp.resolve("out");
        Result r = run("train", "--dataset", "mine", "--data-dir", dir.toString(), "--epochs", "2",
                "--batch-size", "20", "--averaging-frequency", "2", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(2, metrics.at("/epochs").size());
        assertTrue(metrics.at("/final/testAccuracy").asDouble() > 0.9,
                "the fixture's classes are easy: " + metrics.at("/final/testAccuracy"));
        assertTrue(Files.isRegularFile(out.resolve("model.zip")));
        assertTrue(Files.isRegularFile(out.resolve("run.json")));

        Result again = run("train", "--dataset", "mine", "--data-dir", dir.toString(), "--output", out.toString());
        assertUsageError(again, "already exists and is not empty");
    }
}
