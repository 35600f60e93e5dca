/**
 * Faster drop-in replacements for DL4J's layers (convolution, pooling, batch normalisation, dense, softmax output,
 * activation) and its Adam updater on the CPU backend.
 *
 * <p>DL4J 1.0.0-M2 spends most of a training step of a small CNN outside arithmetic: im2col into a permuted
 * (strided) buffer, the whole forward pass recomputed inside backprop, element-wise ops on strided views, one JNI
 * call per small op. These layers keep the same configuration, parameters and file format (they subclass DL4J's
 * layer classes), but do each pass as one im2col into a dense buffer, one OpenBLAS GEMM over the whole minibatch and
 * fused Java loops, and keep what backprop needs from the forward pass. Anything they do not cover (another backend,
 * data type, dilation, dropout on the layer's input, ...) falls back to DL4J's own code, so they are always safe to
 * use; tests check them against DL4J's layers.
 *
 * <p>From the outside in: {@code conf}, the configurations a network is built from; {@code runtime}, the layers DL4J
 * runs and the network that runs their training steps; {@code kernels}, their arithmetic on plain arrays;
 * {@code cpu}, the memory, matrix products and threads that arithmetic runs on.
 */
package io.sparkcnn.layers;
