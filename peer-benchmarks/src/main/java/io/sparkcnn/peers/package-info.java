/**
 * Peer benchmarks: the seed CNN trained by TensorFlow Java and by PyTorch (through DJL) on the same data, with the
 * same initial weights, batches and optimizer, so that their images/s can be set beside the DL4J trainer's. A
 * yardstick only: nothing in the product depends on this package.
 */
package io.sparkcnn.peers;
