package io.sparkcnn.evaluation;

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
 */
public record EpochMetrics(int epoch, double learningRate, double trainLoss, double trainAccuracy, double testLoss,
                           double testAccuracy, double trainSeconds, double fitSeconds, double evalSeconds,
                           double imagesPerSecond) {
}
