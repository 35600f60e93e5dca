package io.sparkcnn.scaling;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sparkcnn.evaluation.EpochMetrics;

/**
 * A scaling study summarised per worker count and rule: what the issue of scaling asks a user to be able to see.
 *
 * @param target the mean final test accuracy of one worker (NaN when the study has no one-worker run): the
 *               accuracy more workers are measured against
 * @param rows   one per rule and worker count, in the order the runs were made
 */
public record ScalingTable(double target, List<Row> rows) {

    /**
     * One rule at one worker count, over its seeds.
     *
     * @param rule            the rule's command-line name ("-" for one worker, which no rule changes)
     * @param workers         replicas
     * @param seeds           runs (one per seed)
     * @param meanAccuracy    final test accuracy: mean, minimum and maximum over the seeds
     * @param epochsToTarget  mean over the seeds that reached {@link #target} of the epochs it took (NaN if none)
     * @param seedsReached    how many seeds reached it
     * @param roundsPerEpoch  averaging rounds per epoch
     * @param bytesPerEpoch   bytes between the replicas and the driver per epoch: every worker's state in and the
     *                        average out, every round
     * @param epochSeconds    mean wall time of an epoch's training (evaluation excluded)
     * @param fitSeconds      of which a replica spent inside {@code fit}, mean over replicas and epochs: the rest is
     *                        averaging, scheduling and loading (docs/scaling.md's cost model)
     * @param meanDrift       mean over all rounds of the replicas' drift, a fraction of the weights' norm
     */
    public record Row(String rule, int workers, int seeds, double meanAccuracy, double minAccuracy,
                      double maxAccuracy, double epochsToTarget, int seedsReached, int roundsPerEpoch,
                      long bytesPerEpoch, double epochSeconds, double fitSeconds, double meanDrift) {
    }

    /** Groups {@code runs} by rule and worker count. */
    public static ScalingTable of(List<ScalingRun> runs) {
        double target = runs.stream().filter(r -> r.workers() == 1).mapToDouble(ScalingRun::finalAccuracy)
                .average().orElse(Double.NaN);
        Map<String, List<ScalingRun>> groups = new LinkedHashMap<>();
        for (ScalingRun run : runs) {
            String rule = run.workers() == 1 ? "-" : run.rule().cliName();
            groups.computeIfAbsent(rule + "/" + run.workers(), k -> new ArrayList<>()).add(run);
        }
        List<Row> rows = new ArrayList<>();
        for (List<ScalingRun> group : groups.values()) {
            rows.add(row(group, target));
        }
        return new ScalingTable(target, rows);
    }

    private static Row row(List<ScalingRun> group, double target) {
        ScalingRun first = group.get(0);
        DoubleSummaryStatistics accuracy = group.stream().mapToDouble(ScalingRun::finalAccuracy).summaryStatistics();
        DoubleSummaryStatistics reached = group.stream().mapToInt(r -> r.epochsToReach(target)).filter(e -> e > 0)
                .asDoubleStream().summaryStatistics();
        List<EpochMetrics> epochs = group.stream().flatMap(r -> r.epochs().stream()).toList();
        // Runs recorded before drift was (roundDrift null) count for everything else.
        int rounds = group.stream().mapToInt(ScalingRun::rounds).max().orElse(0);
        double drift = epochs.stream().filter(e -> e.roundDrift() != null).flatMap(e -> e.roundDrift().stream())
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        // Every worker sends its state and receives the average, every round; one worker does not average.
        long bytes = first.workers() < 2 ? 0 : 2L * first.workers() * rounds * first.stateBytes();
        return new Row(first.workers() == 1 ? "-" : first.rule().cliName(), first.workers(), group.size(),
                accuracy.getAverage(), accuracy.getMin(), accuracy.getMax(),
                reached.getCount() == 0 ? Double.NaN : reached.getAverage(), (int) reached.getCount(), rounds, bytes,
                epochs.stream().mapToDouble(EpochMetrics::trainSeconds).average().orElse(Double.NaN),
                epochs.stream().mapToDouble(EpochMetrics::fitSeconds).average().orElse(Double.NaN),
                first.workers() == 1 ? 0 : drift);
    }

    /** The table in Markdown, with a line saying what it measured against. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "One worker's mean final test accuracy: %.4f%n%n", target));
        out.append("| workers | scaling | seeds | final accuracy mean | min | max | vs 1 worker (pp)"
                + " | epochs to 1 worker's accuracy | rounds/epoch | MB exchanged/epoch | epoch s | fit s"
                + " | replica drift |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String reached = r.seedsReached() == 0 ? "not reached"
                    : String.format(Locale.ROOT, "%.1f (%d of %d seeds)", r.epochsToTarget(), r.seedsReached(),
                    r.seeds());
            String gap = Double.isNaN(target) ? "-"
                    : String.format(Locale.ROOT, "%+.2f", 100 * (r.meanAccuracy() - target));
            out.append(String.format(Locale.ROOT, "| %d | %s | %d | %.4f | %.4f | %.4f | %s | %s | %d | %.1f"
                            + " | %.1f | %.1f | %s |%n", r.workers(), r.rule(), r.seeds(), r.meanAccuracy(),
                    r.minAccuracy(), r.maxAccuracy(), gap, reached,
                    r.roundsPerEpoch(), r.bytesPerEpoch() / 1e6, r.epochSeconds(),
                    r.fitSeconds(), Double.isNaN(r.meanDrift()) ? "-"
                            : String.format(Locale.ROOT, "%.2f %%", 100 * r.meanDrift())));
        }
        return out.toString();
    }
}
