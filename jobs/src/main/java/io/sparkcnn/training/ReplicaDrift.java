package io.sparkcnn.training;

/**
 * How far the replicas had moved apart when they were averaged: a health signal of parameter averaging. Replicas
 * start a round from the same parameters and each fits its own minibatches; the longer the round and the larger the
 * steps, the further apart they end, and the less their mean is like any of them. A drift that grows from round to
 * round, or is a large fraction of the weights' norm, says the rounds are too long or the learning rate too large.
 *
 * @param distance   root mean square over the replicas of the distance between a replica's parameters and their
 *                   mean (Euclidean, over all parameters)
 * @param meanNorm   the Euclidean norm of the replicas' mean parameters
 */
public record ReplicaDrift(double distance, double meanNorm) {
    /** The drift as a fraction of the weights' norm (0 when both are 0). */
    public double relative() {
        return meanNorm == 0 ? 0 : distance / meanNorm;
    }
}
