package io.sparkcnn.replica;

import java.io.Serializable;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Where the replicas' tasks of an epoch spend their time, in nanoseconds summed over the tasks: Spark accumulators
 * that the tasks add to and the driver reads. Named, so that each task's own share also arrives with its task-end
 * event, where {@link io.sparkcnn.training.AveragingRoundTimes} splits a job's task time into these parts.
 *
 * @param fit     inside {@code MultiLayerNetwork.fit}
 * @param loading reading, checking and decoding minibatch files (waiting for them, with prefetch), the next round's
 *                included when they are read while the task waits for a round's average
 * @param copies  the replica's state in and out: the job's starting state loaded, its state copied out after each
 *                round, the mean loaded back
 * @param waiting between the rounds of a job, from sending its state to the coordinator until the mean comes back,
 *                less the loading in between: waiting for the other replicas, and the coordinator's summing
 */
public record TaskTimes(LongAccumulator fit, LongAccumulator loading, LongAccumulator copies,
                        LongAccumulator waiting) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The accumulators' names begin with these (then ", epoch N"). */
    public static final String FIT = "fit nanoseconds";
    public static final String LOADING = "loading nanoseconds";
    public static final String COPIES = "state copies nanoseconds";
    public static final String WAITING = "averaging wait nanoseconds";

    /** New accumulators for epoch {@code epoch}, registered with {@code sc}. */
    public static TaskTimes register(SparkContext sc, int epoch) {
        String suffix = ", epoch " + epoch;
        return new TaskTimes(sc.longAccumulator(FIT + suffix), sc.longAccumulator(LOADING + suffix),
                sc.longAccumulator(COPIES + suffix), sc.longAccumulator(WAITING + suffix));
    }

    /** Adds the time since {@code begin} (a {@link System#nanoTime()}) to {@code part}; returns now. */
    static long since(LongAccumulator part, long begin) {
        long now = System.nanoTime();
        part.add(now - begin);
        return now;
    }
}
