package io.sparkcnn.evaluation;

import java.util.List;

/**
 * One epoch's figures.
 *
 * @param learningRate    the learning rate the epoch trained with (the schedule's value)
 * @param trainLoss       mean over the epoch's averaging rounds of the replicas' mean minibatch loss
 * @param trainAccuracy   accuracy after the epoch on a fixed class-balanced sample of the training set
 *                        ({@link TrainingData#trainSampleFiles()}); beside the test accuracy it shows overfitting
 * @param testLoss        mean loss on the test set after the epoch
 * @param testAccuracy    accuracy on the test set after the epoch
 * @param trainSeconds    wall time of the epoch's training (evaluation excluded)
 * @param fitSeconds      time a replica spent inside {@code MultiLayerNetwork.fit} during the epoch, mean over the
 *                        replicas; {@code trainSeconds - fitSeconds} is what the epoch spent outside the replicas'
 *                        fit: averaging, broadcasts, loading minibatches, scheduling (0 in checkpoints written
 *                        before it was measured)
 * @param evalSeconds     wall time of the two evaluations after the epoch
 * @param imagesPerSecond training images per second of wall time, all replicas together
 * @param roundDrift      how far apart the replicas were at each of the epoch's averagings, in order: the root mean
 *                        square distance of a replica's parameters from their mean, as a fraction of the mean's
 *                        norm (0 with one worker; null in checkpoints written before it was measured)
 */
public record EpochMetrics(int epoch, double learningRate, double trainLoss, double trainAccuracy, double testLoss,
                           double testAccuracy, double trainSeconds, double fitSeconds, double evalSeconds,
                           double imagesPerSecond, List<Double> roundDrift) {
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
