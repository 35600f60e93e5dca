package io.sparkcnn.scaling;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.training.EpochPlan;
import io.sparkcnn.training.WorkerScaling;

/**
 * An epoch's time on {@code K} hosts, one replica each, from parameters a scaling study measures on one machine
 * (docs/scaling.md derives it and checks it):
 * <pre>
 *   T(K) = ceil(M / K) * fit + R(K) * (round + exchange(K))
 * </pre>
 * where {@code M} is the epoch's minibatches, {@code fit} one replica's time per minibatch, {@code R(K)} the epoch's
 * averaging rounds (as the trainer plans them for {@code K} workers), {@code round} the fixed cost of a round outside
 * the replicas' fit (the coordinator's round trip, loading the mean, the share of a Spark job) and
 * {@code exchange(K)} the time the states take on the wire. Through the driver, as spark-cnn averages, the driver's
 * link carries every state in and the average out: {@code 2 K S / B}. Among the executors (a ring all-reduce, which
 * spark-cnn does not have) each link would carry {@code 2 S (K - 1) / K}, whatever {@code K}.
 *
 * @param minibatches      minibatches in an epoch, all workers together ({@code M})
 * @param fitSeconds       one replica's time per minibatch
 * @param roundSeconds     fixed cost per round outside the replicas' fit
 * @param stateBytes       one replica's state as exchanged ({@code S})
 * @param oneWorkerFrequency the averaging frequency of one or two workers (the trainer's default 20)
 */
public record CostModel(long minibatches, double fitSeconds, double roundSeconds, long stateBytes,
                        int oneWorkerFrequency) {

    /**
     * The model measured by a study's {@code runs}: the time per minibatch from its one-worker runs (one replica with
     * all the machine's cores, as a host would run it), the fixed cost per round from its two-worker runs (one core
     * each, so they do not compete for cores), the state's size from any. Empty without both.
     */
    public static Optional<CostModel> measured(List<ScalingRun> runs, int oneWorkerFrequency) {
        List<ScalingRun> one = runs.stream().filter(r -> r.workers() == 1).toList();
        List<ScalingRun> two = runs.stream().filter(r -> r.workers() == 2).toList();
        if (one.isEmpty() || two.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CostModel(one.get(0).minibatches(),
                one.stream().mapToDouble(ScalingRun::fitSecondsPerMinibatch).average().orElseThrow(),
                two.stream().mapToDouble(ScalingRun::roundSeconds).average().orElseThrow(),
                one.get(0).stateBytes(), oneWorkerFrequency));
    }

    /** The two ways states can travel. */
    public enum Exchange { THROUGH_DRIVER, RING }

    /**
     * Averaging rounds an epoch at {@code workers}, with the trainer's frequency for them (WorkerScaling), counted as
     * EpochPlan counts them.
     */
    public long rounds(int workers) {
        int frequency = WorkerScaling.of(new AveragingSettings(workers, oneWorkerFrequency, 1)).averagingFrequency();
        return EpochPlan.roundCount(minibatches, workers, frequency);
    }

    /** Seconds an epoch takes at {@code workers} hosts whose links carry {@code bitsPerSecond}. */
    public double epochSeconds(int workers, double bitsPerSecond, Exchange exchange) {
        double compute = ceilDiv(minibatches, workers) * fitSeconds;
        if (workers == 1) {
            return compute;
        }
        double bytesOnBusiestLink = exchange == Exchange.THROUGH_DRIVER ? 2.0 * workers * stateBytes
                : 2.0 * stateBytes * (workers - 1) / workers;
        return compute + rounds(workers) * (roundSeconds + bytesOnBusiestLink * 8 / bitsPerSecond);
    }

    /** A Markdown table of projected epoch times and speed-ups over one host, for these hosts and link rates. */
    public String markdown(List<Integer> hosts, List<Double> gigabits) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Cost model: %d minibatches an epoch,"
                + " %.1f ms a minibatch, %.1f ms fixed per round, %.2f MB per state; one host %.1f s an epoch%n%n",
                minibatches, 1e3 * fitSeconds, 1e3 * roundSeconds, stateBytes / 1e6, epochSeconds(1, 1, null)));
        out.append("| hosts | link | rounds/epoch | through the driver: epoch s | speed-up | ring: epoch s"
                + " | speed-up |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        double one = epochSeconds(1, 1, null);
        for (int k : hosts) {
            for (double g : gigabits) {
                double driver = epochSeconds(k, g * 1e9, Exchange.THROUGH_DRIVER);
                double ring = epochSeconds(k, g * 1e9, Exchange.RING);
                out.append(String.format(Locale.ROOT, "| %d | %.0f Gbit/s | %d | %.2f | %.2f | %.2f | %.2f |%n", k, g,
                        rounds(k), driver, one / driver, ring, one / ring));
            }
        }
        return out.toString();
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
