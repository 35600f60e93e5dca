package io.sparkcnn.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sparkcnn.replica.TaskTimes;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.AccumulableInfo;

/**
 * Where the wall time of parameter-averaging jobs goes, from Spark's own job and task events. Each Spark job of
 * averaging rounds ({@link ParameterAveraging} labels it "averaging round K-L/N") has a task per worker that loads its
 * minibatches, takes its replica, fits its rounds (averaged in between through the driver) and returns its state;
 * then the driver averages and broadcasts the result before the next job. Register with {@link #listenTo}, train,
 * then read {@link #breakdown()}.
 */
public final class AveragingRoundTimes extends SparkListener {
    /** The job description prefix that marks a round. */
    public static final String ROUND_DESCRIPTION = "averaging round ";

    /**
     * Sums over all rounds seen, in seconds.
     *
     * @param jobs                Spark jobs of averaging rounds
     * @param roundSeconds        the rounds' Spark jobs, submission to completion
     * @param slowestTaskSeconds  per round, the slowest task's run time
     * @param meanTaskSeconds     per round, the tasks' mean run time (what an average replica's round cost it)
     * @param betweenRoundSeconds from a round's end to the next round's start: the driver averaging, broadcasting and
     *                            planning the next round
     * @param meanTaskParts       per round, the tasks' mean time in each part of {@link TaskTimes} other than fit
     */
    public record Breakdown(int jobs, double roundSeconds, double slowestTaskSeconds, double meanTaskSeconds,
                            double betweenRoundSeconds, TaskParts meanTaskParts) {
        /** Waiting for the slowest replica of each round (faster replicas idle), on average. */
        public double stragglerSeconds() {
            return slowestTaskSeconds - meanTaskSeconds;
        }

        /** Inside each round's job but outside its slowest task: scheduling, task launch, results to the driver. */
        public double schedulingSeconds() {
            return roundSeconds - slowestTaskSeconds;
        }

        /** This breakdown divided by {@code epochs}. */
        public Breakdown perEpoch(int epochs) {
            return new Breakdown(jobs / epochs, roundSeconds / epochs, slowestTaskSeconds / epochs,
                    meanTaskSeconds / epochs, betweenRoundSeconds / epochs, meanTaskParts.times(1.0 / epochs));
        }
    }

    /**
     * Seconds of a replica's task outside {@code fit}, by part ({@link TaskTimes}).
     *
     * @param loading reading and decoding minibatch files
     * @param copies  its state in and out
     * @param waiting between rounds, for the other replicas and the coordinator
     */
    public record TaskParts(double loading, double copies, double waiting) {
        public static final TaskParts NONE = new TaskParts(0, 0, 0);

        TaskParts plus(TaskParts other) {
            return new TaskParts(loading + other.loading, copies + other.copies, waiting + other.waiting);
        }

        TaskParts times(double factor) {
            return new TaskParts(loading * factor, copies * factor, waiting * factor);
        }

        /** A task's parts, from the updates its end event carries of the {@link TaskTimes} accumulators. */
        static TaskParts of(scala.collection.Seq<AccumulableInfo> accumulables) {
            double loading = 0, copies = 0, waiting = 0;
            for (AccumulableInfo info : scala.collection.JavaConverters.seqAsJavaList(accumulables)) {
                if (info.name().isEmpty() || info.update().isEmpty()
                        || !(info.update().get() instanceof Long nanos)) {
                    continue;
                }
                String name = info.name().get();
                if (name.startsWith(TaskTimes.LOADING)) {
                    loading += nanos / 1e9;
                } else if (name.startsWith(TaskTimes.COPIES)) {
                    copies += nanos / 1e9;
                } else if (name.startsWith(TaskTimes.WAITING)) {
                    waiting += nanos / 1e9;
                }
            }
            return new TaskParts(loading, copies, waiting);
        }
    }

    private record Round(int first, int last, long submitted, long completed, List<Long> taskRunMillis,
                         List<TaskParts> taskParts) {
    }

    private final Map<Integer, Round> open = new HashMap<>();
    /** Each round job's first stage (its replicas' tasks; a deeper tree aggregate adds merge stages after it). */
    private final Map<Integer, Integer> stageToJob = new HashMap<>();
    private final List<Round> done = new ArrayList<>();

    /** A listener registered on {@code sc}; remove it with {@code sc.removeSparkListener}. */
    public static AveragingRoundTimes listenTo(SparkContext sc) {
        AveragingRoundTimes times = new AveragingRoundTimes();
        sc.addSparkListener(times);
        return times;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        String description = start.properties() == null ? null
                : start.properties().getProperty("spark.job.description");
        if (description == null || !description.startsWith(ROUND_DESCRIPTION)) {
            return;
        }
        // "averaging round 3/23" (a job per round) or "averaging round 9-16/23" (a job of several rounds)
        String[] rounds = description.substring(ROUND_DESCRIPTION.length()).split("/")[0].trim().split("-");
        int first = Integer.parseInt(rounds[0]);
        int last = Integer.parseInt(rounds[rounds.length - 1]);
        open.put(start.jobId(), new Round(first, last, start.time(), -1, new ArrayList<>(), new ArrayList<>()));
        scala.collection.JavaConverters.seqAsJavaList(start.stageIds()).stream()
                .mapToInt(stage -> (Integer) stage).min()
                .ifPresent(stage -> stageToJob.put(stage, start.jobId()));
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        Integer job = stageToJob.get(end.stageId());
        TaskMetrics metrics = end.taskMetrics();
        // successful attempts only: a failed or speculative copy did not hold the round up in the same way
        if (job != null && open.containsKey(job) && metrics != null && end.taskInfo().successful()) {
            open.get(job).taskRunMillis().add(metrics.executorRunTime());
            open.get(job).taskParts().add(TaskParts.of(end.taskInfo().accumulables()));
        }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        Round round = open.remove(end.jobId());
        if (round != null) {
            done.add(new Round(round.first(), round.last(), round.submitted(), end.time(), round.taskRunMillis(),
                    round.taskParts()));
            notifyAll();
        }
    }

    /**
     * The rounds seen so far. Spark delivers events asynchronously: this waits up to 10 s for rounds whose job has
     * started but not ended.
     */
    public synchronized Breakdown breakdown() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            wait(100);
        }
        List<Round> rounds = new ArrayList<>(done);
        rounds.sort((a, b) -> Long.compare(a.submitted(), b.submitted()));
        double total = 0, slowest = 0, mean = 0, between = 0;
        TaskParts parts = TaskParts.NONE;
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            total += r.completed() - r.submitted();
            if (!r.taskRunMillis().isEmpty()) {
                slowest += r.taskRunMillis().stream().mapToLong(Long::longValue).max().orElse(0);
                mean += r.taskRunMillis().stream().mapToLong(Long::longValue).average().orElse(0);
                parts = parts.plus(r.taskParts().stream().reduce(TaskParts.NONE, TaskParts::plus)
                        .times(1.0 / r.taskParts().size()));
            }
            // only from one round to the next of the same epoch (an epoch's end has evaluation in between)
            if (i + 1 < rounds.size() && rounds.get(i + 1).first() == r.last() + 1) {
                between += rounds.get(i + 1).submitted() - r.completed();
            }
        }
        return new Breakdown(rounds.size(), total / 1e3, slowest / 1e3, mean / 1e3, between / 1e3, parts);
    }
}
