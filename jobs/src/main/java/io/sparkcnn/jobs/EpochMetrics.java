package io.sparkcnn.jobs;

/**
 * One epoch's figures.
 *
 * @param trainLoss       mean over the epoch's averaging rounds of the replicas' mean minibatch loss
 * @param testLoss        mean loss on the test set after the epoch
 * @param testAccuracy    accuracy on the test set after the epoch
 * @param trainSeconds    wall time of the epoch's training (evaluation excluded)
 * @param imagesPerSecond training images per second of wall time, all replicas together
 */
public record EpochMetrics(int epoch, double trainLoss, double testLoss, double testAccuracy,
                           double trainSeconds, double evalSeconds, double imagesPerSecond) {
}
