/**
 * What the kernels run on: ND4J's CPU backend and its off-heap memory, copied to and from Java arrays at the
 * kernels' boundary ({@link HostFloats}, {@link NativeFloats}); OpenBLAS's single-precision matrix product
 * ({@link Sgemm}); and the replica's worker threads that share each layer's work ({@link ImageParallel}).
 */
package io.sparkcnn.layers.cpu;
