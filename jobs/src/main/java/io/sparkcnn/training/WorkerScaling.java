package io.sparkcnn.training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.WorkerScalingRule;

/**
 * What the trainer scales with the number of workers {@code K}, so that more workers do not cost accuracy
 * (docs/scaling.md has the measurements). The learning rate and averaging frequency a run is given are those of one
 * or two workers; with more:
 * <ul>
 *   <li>the learning rate is multiplied by {@code sqrt(K)} (from 2 workers on). Averaging {@code K} replicas that
 *       each fitted {@code 1/K} of an epoch moves the network about as far as {@code 1/K} of one replica's epoch
 *       would: the step has to grow with {@code K}. Goyal et al. (2017) scale SGD's rate linearly; for Adam, whose
 *       step does not grow with the gradient, the square root is the usual rule, and measured best here
 *       (8 workers: x2.83 0.8879, x4 0.8912, x8 0.8836, x1 0.8741, all averaging every 5);</li>
 *   <li>averaging is more frequent, so that an epoch keeps the rounds it has with two workers: every
 *       {@code max(1, 2 * frequency / K)} minibatches from 3 workers on (8 workers: every 5 instead of 20, 23
 *       rounds an epoch instead of 5).</li>
 * </ul>
 * One worker trains exactly as before. {@link WorkerScalingRule#NONE} ({@code --worker-scaling none}) turns the
 * scaling off: plain parameter averaging, as DL4J does it.
 *
 * @param workers            replicas trained in parallel
 * @param learningRateFactor what the learning rate of every epoch is multiplied by
 * @param averagingFrequency minibatches each worker fits between averagings
 */
public record WorkerScaling(int workers, double learningRateFactor, int averagingFrequency) {
    /** The scaling for {@code averaging}'s workers, by its rule, from its (one or two workers') frequency. */
    public static WorkerScaling of(AveragingSettings averaging) {
        int workers = averaging.workers();
        int frequency = averaging.averagingFrequency();
        return switch (averaging.scaling()) {
            case NONE -> new WorkerScaling(workers, 1.0, frequency);
            case SQRT -> new WorkerScaling(workers, workers >= 2 ? Math.sqrt(workers) : 1.0,
                    workers > 2 ? Math.max(1, 2 * frequency / workers) : frequency);
        };
    }

    /** {@code averaging} with this scaling's averaging frequency. */
    public AveragingSettings applyTo(AveragingSettings averaging) {
        return averaging.withAveragingFrequency(averagingFrequency);
    }

    /** What the run trained with, for its provenance ({@code run.json}). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", workers);
        m.put("learningRateFactor", learningRateFactor);
        m.put("averagingFrequency", averagingFrequency);
        return m;
    }

    /** For the log: what was scaled, and by how much. */
    public String describe() {
        if (learningRateFactor == 1.0) {
            return String.format(Locale.ROOT, "%d worker(s): learning rate and averaging every %d minibatches as given",
                    workers, averagingFrequency);
        }
        return String.format(Locale.ROOT, "%d worker(s): learning rate x%.3f (square root of the workers), averaging"
                + " every %d minibatches", workers, learningRateFactor, averagingFrequency);
    }
}
