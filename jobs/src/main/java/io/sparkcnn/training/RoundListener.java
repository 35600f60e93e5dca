package io.sparkcnn.training;

/** Hears on the driver of each averaging round once the replicas' states have been averaged. */
@FunctionalInterface
public interface RoundListener {
    /**
     * @param round    the round, counted from 1 over the epoch
     * @param rounds   the epoch's rounds
     * @param meanLoss the replicas' mean loss on their last minibatch of the round
     * @param drift    how far apart the replicas were when they were averaged
     */
    void roundDone(int round, int rounds, double meanLoss, ReplicaDrift drift);
}
