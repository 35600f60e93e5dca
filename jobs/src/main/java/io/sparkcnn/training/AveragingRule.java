package io.sparkcnn.training;

import java.util.Locale;

/**
 * What the network becomes at an averaging, given the sum of the replicas' states: the one place that decides it,
 * used by the driver at every averaging, between the rounds of a Spark job ({@link AveragingCoordinator}) and at the
 * end of one ({@link ParameterAveraging}). A rule may keep state from one averaging to the next (the parameters the
 * round started from, a momentum buffer): the driver holds one rule per training run and calls it one averaging at
 * a time, in round order.
 *
 * <p>The result is itself a {@link StateSum}: the network and every replica load its mean
 * ({@link StateSum#loadMeanInto}). {@link #plain()} returns the sum it is given, so plain averaging stays exactly the
 * replicas' mean, computed as before.
 */
public interface AveragingRule {
    /** Chooses the rule (hidden, for experiments): plain or block-momentum. */
    String RULE_PROPERTY = "spark-cnn.averaging.rule";

    /**
     * Called at the start of each epoch with the network's parameters: every replica starts the epoch's first round
     * from them.
     */
    void begin(float[] parameters);

    /**
     * The state every replica and the network go on from after a round whose replicas' states add up to
     * {@code sum}.
     */
    StateSum next(StateSum sum);

    /**
     * Remembers the rule's state before a Spark job of rounds, for {@link #rewind} if the job fails and is run again.
     * A rule that keeps nothing between averagings has nothing to remember.
     */
    default void mark() {
    }

    /** Back to the state at the last {@link #mark}: the failed job's averagings never happened. */
    default void rewind() {
    }

    /** A short description for the log and the run's record. */
    String describe();

    /** The replicas' mean, nothing kept between averagings. */
    static AveragingRule plain() {
        return Plain.INSTANCE;
    }

    /**
     * The rule for {@code workers} replicas: plain averaging unless the system property {@value #RULE_PROPERTY} says
     * {@code block-momentum} ({@link BlockMomentum#forWorkers}, whose own properties tune it). One worker always
     * averages plainly: there is nothing to average, and the network must stay exactly the replica's.
     */
    static AveragingRule forWorkers(int workers) {
        String rule = System.getProperty(RULE_PROPERTY, "plain").trim().toLowerCase(Locale.ROOT);
        if (workers <= 1 || rule.equals("plain")) {
            return plain();
        }
        if (rule.equals("block-momentum")) {
            return BlockMomentum.forWorkers(workers);
        }
        throw new IllegalArgumentException(RULE_PROPERTY + " must be plain or block-momentum, was " + rule);
    }

    /** See {@link #plain()}. */
    final class Plain implements AveragingRule {
        private static final Plain INSTANCE = new Plain();

        private Plain() {
        }

        @Override
        public void begin(float[] parameters) {
        }

        @Override
        public StateSum next(StateSum sum) {
            return sum;
        }

        @Override
        public String describe() {
            return "plain averaging";
        }
    }
}
