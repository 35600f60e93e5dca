package io.sparkcnn.benchmark.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * What {@code benchmark --commands} reports: every run, and per command the medians of its wall time, of each phase
 * and of wall time over training time, with the targets (docs/benchmark.md).
 */
public record CommandReport(String started, String finished, List<String> commandLine, String gitCommit,
                            MachineFacts machine, Map<String, Object> settings, List<CommandResult> runs,
                            List<CommandFigures> summary) {

    /** One command's medians over its successful runs, and its target when it has one. */
    public record CommandFigures(String command, int runs, double wallSeconds, Map<String, Double> phases,
                                 double trainingSeconds, double wallOverTraining, double testAccuracy,
                                 String target, Boolean met, List<String> errors) {
    }

    /** Medians per command, in the order the commands ran; {@code targets} maps a command to its target. */
    public static List<CommandFigures> summarize(List<String> commands, List<CommandResult> runs,
                                                 Map<String, Target> targets) {
        List<CommandFigures> out = new ArrayList<>();
        for (String command : commands) {
            List<CommandResult> ok = runs.stream().filter(r -> r.command().equals(command) && r.ok()).toList();
            List<String> errors = runs.stream().filter(r -> r.command().equals(command) && !r.ok())
                    .map(CommandResult::error).toList();
            Target target = targets.get(command);
            if (ok.isEmpty()) {
                out.add(new CommandFigures(command, 0, Double.NaN, Map.of(), Double.NaN, Double.NaN, Double.NaN,
                        target == null ? null : target.text(), null, errors));
                continue;
            }
            Set<String> names = new LinkedHashSet<>();
            ok.forEach(r -> names.addAll(r.phases().keySet()));
            Map<String, Double> phases = new LinkedHashMap<>();
            for (String name : names) {
                phases.put(name, median(ok, r -> r.phases().getOrDefault(name, 0.0)));
            }
            double wall = median(ok, CommandResult::wallSeconds);
            double ratio = median(ok, CommandResult::wallOverTraining);
            out.add(new CommandFigures(command, ok.size(), wall, phases, median(ok, CommandResult::trainingSeconds),
                    ratio, median(ok, CommandResult::testAccuracy), target == null ? null : target.text(),
                    target == null ? null : target.met(wall, ratio), errors));
        }
        return out;
    }

    /** A command's target: a bound on its median wall time, or on its median wall time over training time. */
    public record Target(String text, double maxWallSeconds, double maxWallOverTraining) {
        public static Target wallUnder(double seconds) {
            return new Target(String.format(Locale.ROOT, "wall < %.0f s", seconds), seconds, Double.NaN);
        }

        public static Target wallOverTrainingAtMost(double ratio) {
            return new Target(String.format(Locale.ROOT, "wall <= %.1fx training", ratio), Double.NaN, ratio);
        }

        boolean met(double wall, double ratio) {
            return Double.isNaN(maxWallSeconds) ? ratio <= maxWallOverTraining : wall < maxWallSeconds;
        }
    }

    private static double median(List<CommandResult> runs, ToDoubleFunction<CommandResult> f) {
        return BenchmarkSummary.median(runs.stream().map(r -> f.applyAsDouble(r)).toList());
    }

    /** The table for the terminal: one block per command, its phases in the order the run went through them. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "spark-cnn benchmark --commands: %s repeat(s), figures are medians;"
                + " machine: %d cores, load average %s at start; commit %s%n", settings.get("repeats"),
                machine.cores(), machine.loadAverage(), gitCommit == null ? "unknown"
                        : gitCommit.substring(0, Math.min(12, gitCommit.length()))));
        for (CommandFigures c : summary) {
            sb.append(String.format(Locale.ROOT, "%n%s%n", c.command()));
            if (c.runs() == 0) {
                sb.append("  failed: ").append(String.join("; ", c.errors())).append('\n');
                continue;
            }
            for (Map.Entry<String, Double> phase : c.phases().entrySet()) {
                sb.append(String.format(Locale.ROOT, "  %-16s %7.1f s  %5.1f %%%n", phase.getKey(), phase.getValue(),
                        100 * phase.getValue() / c.wallSeconds()));
            }
            sb.append(String.format(Locale.ROOT, "  %-16s %7.1f s   (%d run(s), test accuracy %.4f)%n", "wall",
                    c.wallSeconds(), c.runs(), c.testAccuracy()));
            sb.append(String.format(Locale.ROOT, "  wall / training %.2f", c.wallOverTraining()));
            if (c.target() != null) {
                sb.append(String.format(Locale.ROOT, "   target: %s, %s", c.target(), c.met() ? "met" : "NOT met"));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
