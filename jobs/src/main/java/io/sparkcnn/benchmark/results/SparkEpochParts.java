package io.sparkcnn.benchmark.results;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.sparkcnn.training.AveragingRoundTimes;

/**
 * Where one Spark epoch's wall time went, in seconds per epoch; the parts add up to the epoch time.
 *
 * @param jobs              Spark jobs of averaging rounds per epoch
 * @param fit               a replica inside {@code fit} (mean over the replicas)
 * @param taskNotFit        the rest of a replica's task: loading minibatch files, building the replica from the
 *                          broadcast, copying its parameters and optimiser state out
 * @param straggler         faster replicas waiting for the slowest one of each job (waits between the rounds of
 *                          a job are part of the tasks' time)
 * @param scheduling        a Spark job outside its slowest task: scheduling, task start, shipping the
 *                          results to the driver and adding them up
 * @param betweenRounds     the driver between two jobs: averaging, broadcasting, starting the next job
 * @param outsideRounds     the epoch before its first and after its last job (listing the files, set-up)
 */
public record SparkEpochParts(double jobs, double fit, double taskNotFit, double straggler, double scheduling,
                              double betweenRounds, double outsideRounds) {

    /** The parts of a run of {@code epochs} epochs of mean wall time {@code epochSeconds}. */
    public static SparkEpochParts of(AveragingRoundTimes.Breakdown total, int epochs, double epochSeconds,
                              double fitSeconds) {
        AveragingRoundTimes.Breakdown b = total.perEpoch(epochs);
        return new SparkEpochParts((double) total.jobs() / epochs, fitSeconds, b.meanTaskSeconds() - fitSeconds,
                b.stragglerSeconds(), b.schedulingSeconds(), b.betweenRoundSeconds(),
                epochSeconds - b.roundSeconds() - b.betweenRoundSeconds());
    }

    /** Each part's median over {@code runs} (null when none has parts). */
    public static SparkEpochParts median(List<SparkEpochParts> runs) {
        if (runs.isEmpty()) {
            return null;
        }
        return new SparkEpochParts(m(runs, SparkEpochParts::jobs), m(runs, SparkEpochParts::fit),
                m(runs, SparkEpochParts::taskNotFit), m(runs, SparkEpochParts::straggler),
                m(runs, SparkEpochParts::scheduling), m(runs, SparkEpochParts::betweenRounds),
                m(runs, SparkEpochParts::outsideRounds));
    }

    private static double m(List<SparkEpochParts> runs, ToDoubleFunction<SparkEpochParts> part) {
        return BenchmarkSummary.median(runs.stream().map(p -> part.applyAsDouble(p)).toList());
    }
}
