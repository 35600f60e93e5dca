package io.sparkcnn.evaluation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One epoch's figures.
 *
 * @param learningRate    the learning rate the epoch trained with (the schedule's value)
 * @param trainLoss       mean over the epoch's averaging rounds of the replicas' mean minibatch loss
 * @param trainAccuracyDuringEpoch accuracy of the training passes over the epoch: the share of the epoch's training
 *                        images whose class the network predicted right in the step that trained on them, with that
 *                        step's weights (moving through the epoch) and dropout; not the network at the epoch's end
 *                        (it lags it, and dropout lowers it), but beside the test accuracy it shows overfitting. Null
 *                        when not measured (runs recorded before it was, whose {@code trainAccuracy} on a training
 *                        sample after the epoch is ignored, or a network whose output layer the replicas cannot
 *                        count)
 * @param testLoss        mean loss on the test set after the epoch
 * @param testAccuracy    accuracy on the test set after the epoch
 * @param trainSeconds    wall time of the epoch's training (evaluation excluded)
 * @param fitSeconds      time a replica spent inside {@code MultiLayerNetwork.fit} during the epoch, mean over the
 *                        replicas; {@code trainSeconds - fitSeconds} is what the epoch spent outside the replicas'
 *                        fit: averaging, broadcasts, loading minibatches, scheduling (0 in checkpoints written
 *                        before it was measured)
 * @param evalSeconds     wall time of the test set's evaluation after the epoch (before 2026-12-07: with a training
 *                        sample's)
 * @param imagesPerSecond training images per second of wall time, all replicas together
 * @param roundDrift      how far apart the replicas were at each of the epoch's averagings, in order: the root mean
 *                        square distance of a replica's parameters from their mean, as a fraction of the mean's
 *                        norm (0 with one worker; null in checkpoints written before it was measured)
 */
@JsonIgnoreProperties("trainAccuracy")
public record EpochMetrics(int epoch, double learningRate, double trainLoss, Double trainAccuracyDuringEpoch,
                           double testLoss, double testAccuracy, double trainSeconds, double fitSeconds,
                           double evalSeconds, double imagesPerSecond, List<Double> roundDrift) {
    public EpochMetrics {
        if (trainAccuracyDuringEpoch != null && trainAccuracyDuringEpoch.isNaN()) {
            trainAccuracyDuringEpoch = null;
        }
    }

    /** {@link #trainAccuracyDuringEpoch}, NaN when not measured. */
    public double trainAccuracyOrNaN() {
        return trainAccuracyDuringEpoch == null ? Double.NaN : trainAccuracyDuringEpoch;
    }

    /** Averaging rounds in the epoch (0 when not recorded). */
    public int rounds() {
        return roundDrift == null ? 0 : roundDrift.size();
    }

    /** The mean of the rounds' drift (NaN when not recorded). */
    public double meanDrift() {
        return roundDrift == null || roundDrift.isEmpty() ? Double.NaN
                : roundDrift.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
