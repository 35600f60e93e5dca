package io.sparkcnn.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.benchmark.results.CommandResult;
import io.sparkcnn.output.StagedOutput;
import io.sparkcnn.settings.DataSettings;

/**
 * One {@code spark-cnn train} command, run as a user runs it: a JVM of its own (this JVM's flags and classpath), so
 * that its wall time holds the JVM's and Spark's start and the exit. Its figures come from the run's
 * {@code timings.json} (phases since the child JVM's start) and {@code metrics.json} (the epochs' training time);
 * what is left of the wall time after the output was published is the exit (Spark stopping, the JVM ending).
 */
final class TrainCommandRun {
    private static final String MAIN_CLASS = "io.sparkcnn.driver.SparkCnn";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String label;
    private final List<String> trainOptions;

    /** {@code trainOptions}: what follows {@code train} on the command line (the data options are added). */
    TrainCommandRun(String label, List<String> trainOptions) {
        this.label = label;
        this.trainOptions = List.copyOf(trainOptions);
    }

    String label() {
        return label;
    }

    /** The child's command line, writing into {@code output}. */
    List<String> command(DataSettings data, Path output) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The flags this JVM was started with (heap, add-opens, properties), as bin/spark-cnn gives them.
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS, "train"));
        cmd.addAll(trainOptions);
        cmd.addAll(List.of("--dataset", data.dataset()));
        data.dataDir().ifPresent(dir -> cmd.addAll(List.of("--data-dir", dir.toAbsolutePath().toString())));
        cmd.addAll(List.of("--output", output.toString()));
        return cmd;
    }

    /** Runs the command once in a scratch directory (removed afterwards); its output goes to a log there. */
    CommandResult run(DataSettings data, int repeat) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("spark-cnn-command-benchmark-");
            Path output = scratch.resolve("run");
            Path log = scratch.resolve("train.log");
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command(data, output)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            int exit = process.waitFor();
            double wall = (System.nanoTime() - start) / 1e9;
            if (exit != 0) {
                return CommandResult.failed(label, repeat, "exited with " + exit + "; its last lines:\n"
                        + tail(log, 15));
            }
            return read(label, repeat, wall, output);
        } catch (IOException e) {
            return CommandResult.failed(label, repeat, "cannot run it: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + label + " was running", e);
        } finally {
            if (scratch != null) {
                StagedOutput.deleteTree(scratch);
            }
        }
    }

    /** The figures of a finished run from its output directory {@code output}. */
    static CommandResult read(String label, int repeat, double wallSeconds, Path output) throws IOException {
        JsonNode timings = JSON.readTree(output.resolve("timings.json").toFile());
        if (!"jvm".equals(timings.path("origin").asText())) {
            return CommandResult.failed(label, repeat, "timings.json does not count from the JVM's start: "
                    + timings);
        }
        Map<String, Double> phases = new LinkedHashMap<>();
        timings.path("seconds").fields().forEachRemaining(e -> phases.put(e.getKey(), e.getValue().asDouble()));
        phases.put(CommandResult.EXIT, Math.max(0, wallSeconds - timings.path("totalSeconds").asDouble()));
        JsonNode metrics = JSON.readTree(output.resolve("metrics.json").toFile());
        double training = 0;
        for (JsonNode epoch : metrics.path("epochs")) {
            training += epoch.path("trainSeconds").asDouble();
        }
        return new CommandResult(label, repeat, wallSeconds, phases, training,
                metrics.at("/final/testAccuracy").asDouble(), null);
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(its log " + log + " is unreadable: " + e.getMessage() + ")";
        }
    }
}
