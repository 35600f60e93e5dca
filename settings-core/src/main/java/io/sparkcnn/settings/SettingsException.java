package io.sparkcnn.settings;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A setting the user gave is invalid; the message names the option (or the file and its field) and what it
 * expects. The command line turns it into a usage error (exit code 2).
 */
public class SettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    public SettingsException(String message) {
        super(message);
    }

    /** Every problem, each shown as its option, in one message. */
    public static SettingsException of(List<SettingProblem> problems) {
        return new SettingsException(problems.stream().map(SettingProblem::asOption).collect(Collectors.joining("; ")));
    }

    /** Fails with every problem found, when there is any. */
    public static void throwIfAny(List<SettingProblem> problems) {
        if (!problems.isEmpty()) {
            throw of(problems);
        }
    }
}
