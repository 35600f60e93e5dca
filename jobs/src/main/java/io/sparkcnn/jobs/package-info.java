/**
 * The Spark jobs. {@link io.sparkcnn.jobs.TrainJob} reads a dataset, shards it, writes the shards as minibatch
 * files, trains replicas by DL4J's parameter averaging, evaluates on the executors after every epoch and writes
 * the model, its metrics and its provenance into an output directory that appears complete or not at all.
 */
package io.sparkcnn.jobs;
