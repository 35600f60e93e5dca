package io.sparkcnn.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sparkcnn.benchmark.results.CommandReport;
import io.sparkcnn.benchmark.results.CommandResult;
import io.sparkcnn.settings.DataSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code benchmark --commands}: the child's command line, a run's figures from its outputs, medians and targets. */
class CommandBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void theChildIsATrainCommandInAJvmOfItsOwnWithTheDataOptions() {
        TrainCommandRun quick = CommandBenchmark.plan().get(0);
        assertEquals(CommandBenchmark.QUICK, quick.label());
        List<String> cmd = quick.command(new DataSettings("mnist", Optional.of(Path.of("/data/mnist")), 5, 5),
                Path.of("/tmp/out"));
        assertTrue(cmd.get(0).endsWith("/bin/java"), cmd.toString());
        int train = cmd.indexOf("train");
        assertEquals("io.sparkcnn.driver.SparkCnn", cmd.get(train - 1));
        assertEquals(List.of("--epochs", "1", "--train-limit", "2000", "--test-limit", "500", "--dataset", "mnist",
                "--data-dir", "/data/mnist", "--output", "/tmp/out"), cmd.subList(train + 1, cmd.size()));
    }

    @Test
    void aRunsFiguresComeFromItsTimingsAndMetrics() throws IOException {
        Files.writeString(tmp.resolve("timings.json"), "{\"origin\":\"jvm\",\"seconds\":{\"start\":3.0,"
                + "\"sparkStart\":2.0,\"dataPreparation\":1.5,\"training\":30.0,\"evaluation\":4.0,"
                + "\"aroundEpochs\":1.0,\"outputs\":0.5,\"report\":2.0},\"totalSeconds\":44.0}");
        Files.writeString(tmp.resolve("metrics.json"), "{\"epochs\":[{\"trainSeconds\":10.0},{\"trainSeconds\":9.5},"
                + "{\"trainSeconds\":10.5}],\"final\":{\"testAccuracy\":0.887}}");
        CommandResult r = TrainCommandRun.read("train", 1, 46.5, tmp);
        assertTrue(r.ok(), r.error());
        assertEquals(30.0, r.trainingSeconds(), 1e-12);
        assertEquals(2.5, r.phases().get(CommandResult.EXIT), 1e-12, "wall time after the output was published");
        assertEquals(List.of("start", "sparkStart", "dataPreparation", "training", "evaluation", "aroundEpochs",
                "outputs", "report", "exit"), List.copyOf(r.phases().keySet()), "in the order the run went");
        assertEquals(46.5 / 30.0, r.wallOverTraining(), 1e-12);
        assertEquals(0.887, r.testAccuracy(), 1e-12);

        Files.writeString(tmp.resolve("timings.json"), "{\"origin\":\"job\",\"seconds\":{},\"totalSeconds\":1.0}");
        CommandResult inProcess = TrainCommandRun.read("train", 1, 46.5, tmp);
        assertFalse(inProcess.ok());
        assertTrue(inProcess.error().contains("does not count from the JVM's start"), inProcess.error());
    }

    @Test
    void mediansPerCommandAgainstItsTarget() {
        Map<String, Double> phases = Map.of("training", 30.0);
        List<CommandResult> runs = List.of(
                new CommandResult("train", 1, 40, phases, 30, 0.88, null),
                new CommandResult("quick", 1, 16, phases, 3, 0.70, null),
                new CommandResult("train", 2, 36, phases, 30, 0.88, null),
                new CommandResult("quick", 2, 14, phases, 3, 0.70, null),
                new CommandResult("train", 3, 50, phases, 31, 0.88, null),
                CommandResult.failed("quick", 3, "exited with 1"));
        List<CommandReport.CommandFigures> figures = CommandReport.summarize(List.of("quick", "train"), runs,
                Map.of("train", CommandReport.Target.wallOverTrainingAtMost(1.3),
                        "quick", CommandReport.Target.wallUnder(15)));
        CommandReport.CommandFigures quick = figures.get(0);
        assertEquals(2, quick.runs());
        assertEquals(15.0, quick.wallSeconds(), 1e-12);
        assertFalse(quick.met(), "a median of 15 s is not under 15 s");
        assertEquals(List.of("exited with 1"), quick.errors());
        CommandReport.CommandFigures train = figures.get(1);
        assertEquals(40.0, train.wallSeconds(), 1e-12);
        assertEquals(40.0 / 30, train.wallOverTraining(), 1e-12, "the median of the runs' own ratios");
        assertFalse(train.met());
        assertEquals("wall <= 1.3x training", train.target());
    }
}
