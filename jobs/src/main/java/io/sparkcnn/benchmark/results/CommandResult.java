package io.sparkcnn.benchmark.results;

import java.util.Map;

/**
 * One run of a whole {@code train} command in a JVM of its own.
 *
 * @param command          the command's label
 * @param wallSeconds      from starting the process to its exit
 * @param phases           seconds per phase, from the run's timings.json (since the JVM's start), then
 *                         {@link #EXIT}: the wall time after the output was published
 * @param trainingSeconds  the epochs' training time, summed (metrics.json's {@code trainSeconds})
 * @param testAccuracy     the run's final test accuracy
 * @param error            why the run failed (null when it did not)
 */
public record CommandResult(String command, int repeat, double wallSeconds, Map<String, Double> phases,
                            double trainingSeconds, double testAccuracy, String error) {
    /** The phase after the output was published: Spark stopping and the JVM's exit, timed from outside. */
    public static final String EXIT = "exit";

    public static CommandResult failed(String command, int repeat, String error) {
        return new CommandResult(command, repeat, Double.NaN, Map.of(), Double.NaN, Double.NaN, error);
    }

    public boolean ok() {
        return error == null;
    }

    /** Wall time over the epochs' training time: 1 would be a command that costs nothing but its epochs. */
    public double wallOverTraining() {
        return wallSeconds / trainingSeconds;
    }
}
