package io.sparkcnn.layers.runtime;

/**
 * What a convolution fused with the 2x2/2 max pooling above it ({@link PooledConvolution}) hands the pooling layer
 * instead of its full-resolution output: the pooled outputs and each window's winner (its position in the
 * convolution's output; null in inference, where nothing needs them), exactly as the pooling layer would have computed
 * them from that output.
 */
record PooledOutput(float[] values, int[] winners) {
}
