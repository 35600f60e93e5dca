package io.sparkcnn.models;

/**
 * What a network needs to know to be built: the input images, the number of classes, how it learns, the seed
 * of its weight initialisation, and whose code computes its convolution and pooling layers.
 */
public record ModelSpec(int rows, int cols, int channels, int numClasses, Hyperparameters hyper, long seed,
                        LayerImplementation layers) {
    public ModelSpec {
        if (rows < 1 || cols < 1 || channels < 1) {
            throw new IllegalArgumentException("input must be at least 1x1x1, was " + rows + "x" + cols + "x"
                    + channels);
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
}
