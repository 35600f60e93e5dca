/**
 * What each executor needs to run a replica well: which ND4J backend and GPUs, how many native threads per replica,
 * how much off-heap memory, how many minibatches to load ahead ({@link io.sparkcnn.executor.ExecutorSettings}); how
 * a user writes them (an executor config file and options: {@link io.sparkcnn.executor.ExecutorConfig}), and how they
 * become Spark configuration. Kept apart from the jobs so that a cluster's settings are decided (and validated) in one
 * place.
 */
package io.sparkcnn.executor;
