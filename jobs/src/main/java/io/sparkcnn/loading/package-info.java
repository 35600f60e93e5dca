/**
 * How executors turn minibatch files into DL4J DataSets: read by path with the driver's Hadoop settings, checked
 * against the CRC32 in the file's name, and augmented (shifts and flips drawn from the seed, the epoch and the file)
 * when the run asks for it.
 */
package io.sparkcnn.loading;
