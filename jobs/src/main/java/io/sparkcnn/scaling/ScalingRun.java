package io.sparkcnn.scaling;

import java.util.List;

import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.settings.WorkerScalingRule;
import io.sparkcnn.training.EpochPlan;

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
 * @param averagingFrequency minibatches a worker fitted between averagings (after the scaling with the workers)
 */
public record ScalingRun(WorkerScalingRule rule, int workers, long seed, List<EpochMetrics> epochs,
                         long stateBytes, long minibatches, int averagingFrequency) {
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
     * Averaging rounds per epoch: as its metrics recorded them, or for one worker or a run recorded before they
     * were, as the trainer's plan counts them ({@code EpochPlan}: the minibatches over workers times frequency, at
     * least one).
     */
    public int rounds() {
        int recorded = epochs.get(0).rounds();
        // One worker does not average: its progress is reported once per Spark job, not per round.
        return recorded > 0 && workers > 1 ? recorded
                : (int) EpochPlan.roundCount(minibatches, workers, averagingFrequency);
    }

    /** Mean over the epochs of the time a replica spent inside fit per minibatch it fitted. */
    double fitSecondsPerMinibatch() {
        double perWorker = (double) minibatches / workers;
        return epochs.stream().mapToDouble(e -> e.fitSeconds() / perWorker).average().orElse(Double.NaN);
    }

    /** Mean over the epochs of the time per round outside the replicas' fit. */
    double roundSeconds() {
        return epochs.stream().mapToDouble(e -> (e.trainSeconds() - e.fitSeconds()) / rounds()).average()
                .orElse(Double.NaN);
    }
}
