package io.sparkcnn.settings;

import java.util.List;

/** A setting the user gave is invalid; the message names the option and what it expects. */
public class SettingsException extends IllegalArgumentException {
    public SettingsException(String message) {
        super(message);
    }

    /** Adds a problem to {@code problems} when {@code value} is below {@code min}. */
    public static void atLeast(List<String> problems, String option, int value, int min) {
        if (value < min) {
            problems.add(option + " must be at least " + min + ", was " + value);
        }
    }

    /** Fails with every problem found, when there is any. */
    public static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new SettingsException(String.join("; ", problems));
        }
    }
}
