package io.sparkcnn.training;

/** Hears on the driver of each averaging round once the replicas' states have been averaged. */
@FunctionalInterface
public interface RoundListener {
    /**
     * @param round    the round, counted from 1 over the epoch
     * @param rounds   the epoch's rounds
     * @param meanLoss the replicas' mean loss on their last minibatch of the round
     * @param drift    how far apart the replicas were when they were averaged
     * @param trained  the replicas' correct predictions in the training passes of the round's minibatches (of the
     *                 job's rounds since the last report, when the rounds of a job are not averaged in between)
     */
    void roundDone(int round, int rounds, double meanLoss, ReplicaDrift drift, CorrectCount trained);
}
