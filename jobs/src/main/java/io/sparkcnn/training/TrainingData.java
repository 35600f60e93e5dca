package io.sparkcnn.training;

import java.util.List;

import io.sparkcnn.data.ImageShape;

/**
 * The minibatch files a training run reads.
 *
 * @param trainFiles       every training minibatch, shard by shard
 * @param trainImages      how many images the training files hold
 * @param testFiles        the test set
 * @param labelNames       class names, index = label
 * @param shape            the images' height, width and channels
 */
public record TrainingData(List<String> trainFiles, int trainImages, List<String> testFiles, List<String> labelNames,
                           ImageShape shape) {
}
