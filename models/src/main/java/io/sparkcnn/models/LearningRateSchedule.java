package io.sparkcnn.models;

import java.util.Locale;

/** How the learning rate changes from one epoch to the next; it is constant within an epoch. */
public enum LearningRateSchedule {
    /** Multiplied by the decay factor after every epoch: rate * decay^(epoch - 1). */
    EXPONENTIAL,
    /**
     * Half a cosine wave from the full rate at the first epoch towards zero after the last: it stays near the full
     * rate for the first third of the run (exploring), then anneals smoothly. The decay factor plays no part.
     */
    COSINE;

    /** The learning rate of a (1-based) epoch out of {@code epochs}. */
    public double rateAt(double rate, double decay, int epoch, int epochs) {
        return switch (this) {
            case EXPONENTIAL -> rate * Math.pow(decay, epoch - 1);
            case COSINE -> rate * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / epochs));
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name, naming the choices on failure. */
    public static LearningRateSchedule parse(String text) {
        return CliNames.parse(LearningRateSchedule.class, LearningRateSchedule::cliName, text,
                "learning-rate schedule");
    }
}
