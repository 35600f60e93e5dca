/**
 * The entry points, one per command: {@link io.sparkcnn.jobs.TrainJob} (dataset → class-balanced shards →
 * minibatch files → parameter-averaged training → evaluation → outputs), and the jobs that prepare shards, evaluate,
 * predict and draw a saved model. Each reads top to bottom and leaves the work to the packages named after it.
 */
package io.sparkcnn.jobs;
