/**
 * Scaling studies: the same training at several worker counts, seeds and {@link
 * io.sparkcnn.settings.WorkerScalingRule}s, summarised per worker count (accuracy, epochs to one worker's accuracy,
 * rounds and bytes per epoch, epoch time, replica drift). {@code spark-cnn scaling} runs one.
 */
package io.sparkcnn.scaling;
