package io.sparkcnn.training;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who the other replicas waited for, on the driver: per round, the worker whose state arrived last and how long after
 * the first. Averaging is synchronous (every replica's state is needed), so a slow host (a slow link, a busy CPU)
 * sets every round's time; this names it in the progress output, once per long wait and once per epoch.
 */
final class RoundStragglers {
    private static final Logger LOG = LoggerFactory.getLogger(RoundStragglers.class);
    /** A single wait this long is worth a line of its own. */
    static final double LONG_WAIT_SECONDS = 10;
    /** Waits below this in total are the noise of replicas sharing cores. */
    static final double NOTABLE_TOTAL_SECONDS = 5;

    private record Worker(int index, String host) {
    }

    private final Map<Worker, double[]> waitedFor = new HashMap<>(); // {seconds in total, rounds last}
    private final long started = System.nanoTime();

    /** Round {@code round}'s last state came from {@code worker} on {@code host}, {@code lagNanos} after the first. */
    synchronized void lastArrival(int round, int worker, String host, long lagNanos) {
        double seconds = lagNanos / 1e9;
        double[] sums = waitedFor.computeIfAbsent(new Worker(worker, host), w -> new double[2]);
        sums[0] += seconds;
        sums[1]++;
        if (seconds >= LONG_WAIT_SECONDS) {
            LOG.warn("round {}: the other replicas waited {} s for worker {} on {}", round, String.format("%.1f",
                    seconds), worker, host);
        }
    }

    /** Names the worker waited for most in the epoch, when the wait was more than noise. */
    synchronized String summary() {
        return waitedFor.entrySet().stream().max((a, b) -> Double.compare(a.getValue()[0], b.getValue()[0]))
                .filter(e -> e.getValue()[0] >= NOTABLE_TOTAL_SECONDS)
                .map(e -> String.format("straggler: worker %d on %s arrived last in %.0f rounds; the others waited"
                        + " %.1f s for it in all (%.0f%% of the epoch's %.1f s)", e.getKey().index(), e.getKey().host(),
                        e.getValue()[1], e.getValue()[0], 100 * e.getValue()[0] / epochSeconds(), epochSeconds()))
                .orElse(null);
    }

    void logSummary() {
        String summary = summary();
        if (summary != null) {
            LOG.warn(summary);
        }
    }

    private double epochSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
