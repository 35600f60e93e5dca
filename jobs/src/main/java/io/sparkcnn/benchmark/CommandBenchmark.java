package io.sparkcnn.benchmark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sparkcnn.benchmark.results.CommandReport;
import io.sparkcnn.benchmark.results.CommandResult;
import io.sparkcnn.benchmark.results.MachineFacts;
import io.sparkcnn.output.RunRecord;
import io.sparkcnn.output.StagedOutput;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.OutputSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code benchmark --commands}: the whole {@code train} command as a user runs it, each in a JVM of its own, where
 * the time goes besides the epochs (JVM and Spark start, data preparation, evaluation, report, exit), against issue
 * 21's targets: the default command's wall time at most 1.3x its epochs' training time, and a quick look
 * ({@code --epochs 1 --train-limit 2000 --test-limit 500}) under 15 s. Repeats alternate between the commands.
 */
public final class CommandBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(CommandBenchmark.class);
    static final String DEFAULT = "train";
    static final String QUICK = "train --epochs 1 --train-limit 2000 --test-limit 500";

    private CommandBenchmark() {
    }

    /** The commands measured, in the order each repeat runs them: the quick look first, then the default run. */
    static List<TrainCommandRun> plan() {
        return List.of(new TrainCommandRun(QUICK, List.of("--epochs", "1", "--train-limit", "2000", "--test-limit",
                "500")), new TrainCommandRun(DEFAULT, List.of()));
    }

    /**
     * Runs every command {@code repeats} times on the dataset of {@code data} (its limits aside: each command sets
     * its own), writes the report to {@code output} when given, and returns it.
     */
    public static CommandReport run(DataSettings data, int repeats, java.util.Optional<OutputSettings> output,
                                    List<String> commandLine) {
        MachineFacts machine = MachineFacts.current();
        String started = Instant.now().toString();
        List<TrainCommandRun> commands = plan();
        List<CommandResult> runs = new ArrayList<>();
        for (int repeat = 1; repeat <= repeats; repeat++) {
            for (TrainCommandRun command : commands) {
                LOG.info("{}, repeat {} of {}", command.label(), repeat, repeats);
                CommandResult result = command.run(data, repeat);
                if (result.ok()) {
                    LOG.info("{}: {} s wall, {} s of it training", command.label(),
                            String.format("%.1f", result.wallSeconds()),
                            String.format("%.1f", result.trainingSeconds()));
                } else {
                    LOG.warn("{}, repeat {} failed: {}", command.label(), repeat, result.error());
                }
                runs.add(result);
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("dataset", data.dataset());
        settings.put("dataDir", data.dataDir().map(Object::toString).orElse(null));
        settings.put("repeats", repeats);
        CommandReport report = new CommandReport(started, Instant.now().toString(), List.copyOf(commandLine),
                RunRecord.currentGitCommit(), machine, settings, runs,
                CommandReport.summarize(commands.stream().map(TrainCommandRun::label).toList(), runs,
                        Map.of(DEFAULT, CommandReport.Target.wallOverTrainingAtMost(1.3),
                                QUICK, CommandReport.Target.wallUnder(15))));
        output.ifPresent(file -> StagedOutput.writeJsonFile(file.path(), report, file.overwrite()));
        return report;
    }
}
