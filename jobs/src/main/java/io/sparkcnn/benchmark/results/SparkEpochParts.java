package io.sparkcnn.benchmark.results;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.sparkcnn.training.AveragingRoundTimes;

/**
 * Where one Spark epoch's wall time went, in seconds per epoch; the parts add up to the epoch time.
 *
 * @param jobs              Spark jobs of averaging rounds per epoch
 * @param fit               a replica inside {@code fit} (mean over the replicas)
 * @param taskNotFit        the rest of a replica's task (mean over the replicas); of it:
 * @param loading           reading and decoding its minibatch files
 * @param copies            its state in and out: the job's start loaded, its state copied out after each round, the
 *                          mean loaded back
 * @param roundWaits        between the rounds of a job, waiting for the other replicas' states and their sum
 * @param straggler         faster replicas waiting for the slowest one of each job (waits between the rounds of
 *                          a job are part of the tasks' time)
 * @param scheduling        a Spark job outside its slowest task: scheduling, task start, shipping the
 *                          results to the driver and adding them up
 * @param betweenRounds     the driver between two jobs: averaging, broadcasting, starting the next job
 * @param outsideRounds     the epoch before its first and after its last job (listing the files, set-up)
 */
public record SparkEpochParts(double jobs, double fit, double taskNotFit, double loading, double copies,
                              double roundWaits, double straggler, double scheduling, double betweenRounds,
                              double outsideRounds) {

    /** The parts of a run of {@code epochs} epochs of mean wall time {@code epochSeconds}. */
    public static SparkEpochParts of(AveragingRoundTimes.Breakdown total, int epochs, double epochSeconds,
                              double fitSeconds) {
        AveragingRoundTimes.Breakdown b = total.perEpoch(epochs);
        AveragingRoundTimes.TaskParts task = b.meanTaskParts();
        return new SparkEpochParts((double) total.jobs() / epochs, fitSeconds, b.meanTaskSeconds() - fitSeconds,
                task.loading(), task.copies(), task.waiting(), b.stragglerSeconds(), b.schedulingSeconds(),
                b.betweenRoundSeconds(),
                epochSeconds - b.roundSeconds() - b.betweenRoundSeconds());
    }

    /** Each part's median over {@code runs} (null when none has parts). */
    public static SparkEpochParts median(List<SparkEpochParts> runs) {
        if (runs.isEmpty()) {
            return null;
        }
        return new SparkEpochParts(m(runs, SparkEpochParts::jobs), m(runs, SparkEpochParts::fit),
                m(runs, SparkEpochParts::taskNotFit), m(runs, SparkEpochParts::loading),
                m(runs, SparkEpochParts::copies), m(runs, SparkEpochParts::roundWaits),
                m(runs, SparkEpochParts::straggler),
                m(runs, SparkEpochParts::scheduling), m(runs, SparkEpochParts::betweenRounds),
                m(runs, SparkEpochParts::outsideRounds));
    }

    /** The task's time outside fit that none of its measured parts holds (task start and end, Spark's own). */
    public double taskOther() {
        return taskNotFit - loading - copies - roundWaits;
    }

    private static double m(List<SparkEpochParts> runs, ToDoubleFunction<SparkEpochParts> part) {
        return BenchmarkSummary.median(runs.stream().map(p -> part.applyAsDouble(p)).toList());
    }
}
