package io.sparkcnn.peers;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad flags end with exit code 2, a message naming the flag, and nothing on stdout; no engine is loaded. */
class PeerBenchmarkFlagsTest {

    @Test
    void unknownEngine() {
        assertBadFlag(BenchmarkRun.of("--engine", "mxnet"), "--engine");
    }

    @Test
    void missingEngine() {
        assertBadFlag(BenchmarkRun.of("--epochs", "1"), "--engine");
    }

    @Test
    void zeroEpochs() {
        assertBadFlag(BenchmarkRun.of("--engine", "tensorflow", "--epochs", "0"), "--epochs must be at least 1");
    }

    @Test
    void nonNumericBatchSize() {
        assertBadFlag(BenchmarkRun.of("--engine", "pytorch", "--batch-size", "big"), "--batch-size");
    }

    @Test
    void negativeTrainImages() {
        assertBadFlag(BenchmarkRun.of("--engine", "pytorch", "--train-images", "-5"), "--train-images");
    }

    @Test
    void dataDirWithoutTheIdxFiles(@TempDir Path empty) {
        BenchmarkRun run = BenchmarkRun.of("--engine", "tensorflow", "--data-dir", empty.toString());
        assertBadFlag(run, "--data-dir");
        assertTrue(run.stderr().contains("train-images-idx3-ubyte[.gz]"), run.stderr());
    }

    @Test
    void unknownFlag() {
        assertBadFlag(BenchmarkRun.of("--engine", "tensorflow", "--gpus", "1"), "--gpus");
    }

    private static void assertBadFlag(BenchmarkRun run, String expectedInMessage) {
        assertEquals(2, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains(expectedInMessage), run.stderr());
        assertEquals("", run.stdout());
    }
}
