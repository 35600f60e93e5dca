package io.sparkcnn.models;

/**
 * What a network needs to know to be built: the input images, the number of classes, the learning rate of its
 * updater and the seed of its weight initialisation.
 */
public record ModelSpec(int rows, int cols, int channels, int numClasses, double learningRate, long seed) {
    public ModelSpec {
        if (rows < 1 || cols < 1 || channels < 1) {
            throw new IllegalArgumentException("input must be at least 1x1x1, was " + rows + "x" + cols + "x" + channels);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be at least 2, was " + numClasses);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
        }
    }

    /** 28x28 grayscale images in ten classes: MNIST and its relatives. */
    public static ModelSpec mnistLike(double learningRate, long seed) {
        return new ModelSpec(28, 28, 1, 10, learningRate, seed);
    }
}
