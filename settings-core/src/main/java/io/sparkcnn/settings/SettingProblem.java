package io.sparkcnn.settings;

import java.util.List;

/**
 * One invalid setting: the field, by the name the command line and config files give it (the option without its
 * dashes: {@code rounds-per-job}), and what is wrong with its value. The command line shows it as its option
 * ({@link #asOption()}): {@code --rounds-per-job must be at least 1, was 0}.
 */
public record SettingProblem(String field, String problem) {

    /**
     * "--field problem", as the command line shows it; a problem that starts with ':' follows the option directly
     * ({@code --filters: model 'mlp' has no convolutions}).
     */
    public String asOption() {
        return "--" + field + (problem.startsWith(":") ? "" : " ") + problem;
    }

    /** Adds a problem to {@code problems} when {@code value} is below {@code min}. */
    public static void atLeast(List<SettingProblem> problems, String field, long value, long min) {
        if (value < min) {
            problems.add(new SettingProblem(field, "must be at least " + min + ", was " + value));
        }
    }
}
