/**
 * What a network scores: evaluation and prediction on the executors
 * ({@link io.sparkcnn.evaluation.DistributedEvaluation}), merged on the driver into accuracy, loss, per-class figures
 * and the confusion matrix, and the per-epoch and final figures a run records ({@code metrics.json}).
 */
package io.sparkcnn.evaluation;
