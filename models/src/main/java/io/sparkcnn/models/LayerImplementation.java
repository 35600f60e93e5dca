package io.sparkcnn.models;

import java.util.Locale;

/**
 * Whose code computes the convolution, pooling, batch normalisation and dense hidden layers. The math, the parameters
 * and the model file are the same either way; only the speed differs (BENCHMARKS.md). DL4J's own layers stay
 * available for comparison and as the reference the fast ones are tested against.
 */
public enum LayerImplementation {
    /**
     * spark-cnn's fast-layers module: one GEMM per convolution pass, no recomputation in backprop, batch
     * normalisation in two passes, dense layers straight to OpenBLAS (CPU backend).
     */
    FAST,
    /** Deeplearning4j's ConvolutionLayer, SubsamplingLayer, BatchNormalization and DenseLayer as shipped. */
    DL4J;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LayerImplementation parse(String text) {
        return CliNames.parse(LayerImplementation.class, LayerImplementation::cliName, text, "layer implementation");
    }
}
