package io.sparkcnn.settings;

import java.util.Locale;

import io.sparkcnn.models.CliNames;

/**
 * Whether the trainer scales the learning rate and the averaging frequency with the number of workers
 * ({@code io.sparkcnn.training.WorkerScaling}; docs/scaling.md has the measurements behind it).
 */
public enum WorkerScalingRule {
    /** The learning rate times the square root of the workers, and the two-worker rounds per epoch: the default. */
    SQRT,
    /** Plain parameter averaging with the learning rate and averaging frequency as given, whatever the workers. */
    NONE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name, naming the choices on failure. */
    public static WorkerScalingRule parse(String text) {
        return CliNames.parse(WorkerScalingRule.class, WorkerScalingRule::cliName, text, "worker scaling");
    }
}
