package io.sparkcnn.scaling;

import java.util.List;

import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.settings.WorkerScalingRule;

/**
 * One training run of a scaling study and what it measured.
 *
 * @param rule       how the run scaled with its workers (irrelevant to one worker)
 * @param workers    replicas trained in parallel
 * @param seed       the run's seed
 * @param epochs     its per-epoch figures, as in its {@code metrics.json}
 * @param stateBytes bytes of one replica's state as exchanged at an averaging: parameters and optimiser state, as
 *                   32-bit floats
 * @param minibatches minibatches in an epoch, all workers together
 */
public record ScalingRun(WorkerScalingRule rule, int workers, long seed, List<EpochMetrics> epochs,
                         long stateBytes, long minibatches) {
    /** Test accuracy after the last epoch. */
    public double finalAccuracy() {
        return epochs.get(epochs.size() - 1).testAccuracy();
    }

    /**
     * The first epoch (from 1) after which the test accuracy reached {@code target}, or 0 if none did.
     */
    public int epochsToReach(double target) {
        for (EpochMetrics e : epochs) {
            if (e.testAccuracy() >= target) {
                return e.epoch();
            }
        }
        return 0;
    }

    /**
     * Bytes crossing between the replicas and the driver in one epoch: every replica sends its state and receives
     * the averaged one at every round (none with one worker, which does not average).
     */
    public long bytesPerEpoch() {
        EpochMetrics last = epochs.get(epochs.size() - 1);
        return workers < 2 ? 0 : 2L * workers * last.rounds() * stateBytes;
    }

    /** Mean over the epochs of the time a replica spent inside fit per minibatch it fitted. */
    double fitSecondsPerMinibatch() {
        double perWorker = (double) minibatches / workers;
        return epochs.stream().mapToDouble(e -> e.fitSeconds() / perWorker).average().orElse(Double.NaN);
    }

    /** Mean over the epochs of the time per round outside the replicas' fit. */
    double roundSeconds() {
        return epochs.stream().mapToDouble(e -> (e.trainSeconds() - e.fitSeconds()) / e.rounds()).average()
                .orElse(Double.NaN);
    }
}
