package io.sparkcnn.models;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Zoo networks for tests, for 28x28 grayscale images in ten classes (MNIST and its relatives) with the fast layers.
 * Shared with the other modules' tests through this module's test jar.
 */
public final class ModelFixtures {
    private ModelFixtures() {
    }

    /** The spec of zoo model {@code model} with its default hyperparameters. */
    public static ModelSpec mnistLike(String model, long seed) {
        return mnistLike(ModelCatalog.get(model).defaults(), seed);
    }

    /** A spec with these hyperparameters. */
    public static ModelSpec mnistLike(Hyperparameters hyper, long seed) {
        return new ModelSpec(28, 28, 1, 10, hyper, seed, LayerImplementation.FAST);
    }

    /** A new network of zoo model {@code model} with its default hyperparameters, initialised from {@code seed}. */
    public static MultiLayerNetwork network(String model, long seed) {
        return ModelCatalog.newNetwork(model, mnistLike(model, seed));
    }
}
