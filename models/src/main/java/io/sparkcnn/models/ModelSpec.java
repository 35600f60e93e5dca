package io.sparkcnn.models;

/**
 * What a network needs to know to be built: the input images, the number of classes, how it learns, the seed
 * of its weight initialisation, and whose code computes its convolution and pooling layers.
 */
public record ModelSpec(int rows, int cols, int channels, int numClasses, Hyperparameters hyper, long seed,
                        LayerImplementation layers) {
    /** With the fast layers, the default. */
    public ModelSpec(int rows, int cols, int channels, int numClasses, Hyperparameters hyper, long seed) {
        this(rows, cols, channels, numClasses, hyper, seed, LayerImplementation.FAST);
    }

    public ModelSpec {
        if (rows < 1 || cols < 1 || channels < 1) {
            throw new IllegalArgumentException("input must be at least 1x1x1, was " + rows + "x" + cols + "x" + channels);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be at least 2, was " + numClasses);
        }
        java.util.Objects.requireNonNull(layers, "layers");
        if (!hyper.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ",
                    hyper.problems().stream().map(io.sparkcnn.settings.SettingProblem::asOption).toList()));
        }
    }

    /** 28x28 grayscale images in ten classes (MNIST and its relatives), with the model's default hyperparameters. */
    public static ModelSpec mnistLike(String model, long seed) {
        return new ModelSpec(28, 28, 1, 10, ModelCatalog.get(model).defaults(), seed);
    }

    public ModelSpec withLayers(LayerImplementation implementation) {
        return new ModelSpec(rows, cols, channels, numClasses, hyper, seed, implementation);
    }
}
