/**
 * The fast layers' arithmetic on Java arrays and off-heap buffers, without DL4J's layers: im2col and its adjoint, a
 * convolution's GEMMs per cache-sized chunk of the minibatch, pooling, batch normalisation's per-channel loops and the
 * fused activations, with the shapes they work on ({@link ConvGeometry}, {@link ImageChunk}, {@link ChannelPlanes}).
 */
package io.sparkcnn.layers.kernels;
