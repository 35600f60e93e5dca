package io.sparkcnn.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command writes and whether it may replace what is there.
 *
 * @param path      the output: train's directory, or the JSON file of benchmark and evaluate
 * @param overwrite replace an existing output (train: a non-empty directory) when the command succeeds
 */
public record OutputSettings(Path path, boolean overwrite) {

    /** Each invalid field, named as its option: the output is required. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        if (path == null) {
            problems.add(new SettingProblem("output", "is required"));
        }
        return problems;
    }

    /** The problems of an output that is one file, checked before anything runs: a directory, or an existing file. */
    public List<SettingProblem> fileProblems() {
        List<SettingProblem> problems = problems();
        if (path != null && Files.isDirectory(path)) {
            problems.add(new SettingProblem("output", path + ": is a directory; give a file name"));
        } else if (path != null && Files.exists(path) && !overwrite) {
            problems.add(new SettingProblem("output",
                    path + ": already exists; choose another file or add --overwrite"));
        }
        return problems;
    }
}
