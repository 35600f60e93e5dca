package io.sparkcnn.benchmark.results;

/**
 * One timed epoch of one measurement.
 *
 * @param epoch           1-based
 * @param seconds         wall time of the epoch's training (evaluation excluded)
 * @param imagesPerSecond training images of the epoch per second of wall time, all replicas together
 * @param fitSeconds      time a replica spent inside {@code fit}, mean over the replicas (null where not measured:
 *                        peers)
 * @param outsideFitShare {@code 1 - fitSeconds / seconds}: the share of the epoch spent outside the replicas' fit
 *                        (averaging, broadcasts, loading data, scheduling); null where {@code fitSeconds} is
 */
public record EpochTiming(int epoch, double seconds, double imagesPerSecond, Double fitSeconds,
                          Double outsideFitShare) {

    /** An epoch whose fit time is known. */
    public static EpochTiming of(int epoch, double seconds, int images, double fitSeconds) {
        return new EpochTiming(epoch, seconds, images / seconds, fitSeconds, outsideFitShare(fitSeconds, seconds));
    }

    /** {@code 1 - fit / wall}, clamped at 0 (timer granularity can put fit a hair above wall on tiny epochs). */
    static double outsideFitShare(double fitSeconds, double wallSeconds) {
        return Math.max(0, 1 - fitSeconds / wallSeconds);
    }
}
