/**
 * Training on the executors: {@link io.sparkcnn.replica.ReplicaTask} is one worker's task in a Spark job of
 * averaging rounds (take a pooled replica, load the job's starting state, fit the worker's minibatches, exchange its
 * state between rounds, return it at the end). Around it: the replicas an executor keeps between jobs
 * ({@link io.sparkcnn.replica.ReplicaPool}), the task's GPU, minibatches loaded ahead, native threads per replica.
 */
package io.sparkcnn.replica;
