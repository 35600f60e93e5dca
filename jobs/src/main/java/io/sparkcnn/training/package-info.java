/**
 * Training on the driver: {@link io.sparkcnn.training.DistributedTrainer} runs the epochs (learning-rate schedule,
 * progress, evaluation after each), and {@link io.sparkcnn.training.ParameterAveraging} runs one epoch of parameter
 * averaging as a few Spark jobs: plan the rounds ({@link io.sparkcnn.training.EpochPlan}), broadcast the network's
 * state, run the replicas' barrier stage (averaged between rounds by the
 * {@link io.sparkcnn.training.AveragingCoordinator}, an RPC endpoint on the driver), tree-aggregate their states and
 * adopt the mean. What a replica does with its share is in {@link io.sparkcnn.replica}.
 */
package io.sparkcnn.training;
