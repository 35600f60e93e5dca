/**
 * The layers DL4J calls in the forward pass and backprop, and what runs a training step across them. Each layer does
 * a pass in Java loops and OpenBLAS GEMMs ({@code io.sparkcnn.layers.kernels}), keeps what backprop needs from the
 * forward pass, and falls back to DL4J's own code for whatever it does not cover. A {@link TrainingNetwork} tells its
 * layers what a training step will not read, and one layer hands the next its Java copy of an array
 * ({@link HandedOver}).
 */
package io.sparkcnn.layers.runtime;
