package io.sparkcnn.benchmark;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.settings.SettingProblem;

/**
 * How often a benchmark measures.
 *
 * @param repeats      measurements of every variant, alternating between them; the figures reported are medians
 * @param warmupImages before the first repeat, each of our variants trains once, untimed, on a class-balanced
 *                     subset of this many images (0: no warm-up round): the first Spark training in a JVM is much
 *                     slower than the next ones
 */
public record RepeatSettings(int repeats, int warmupImages) {
    public static final int DEFAULT_REPEATS = 1;
    public static final int DEFAULT_WARMUP_IMAGES = 6400;

    public static RepeatSettings defaults() {
        return new RepeatSettings(DEFAULT_REPEATS, DEFAULT_WARMUP_IMAGES);
    }

    public RepeatSettings withRepeats(int count) {
        return new RepeatSettings(count, warmupImages);
    }

    public RepeatSettings withWarmupImages(int images) {
        return new RepeatSettings(repeats, images);
    }

    /** Each invalid field, named as its option. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        SettingProblem.atLeast(problems, "repeats", repeats, 1);
        SettingProblem.atLeast(problems, "warmup-images", warmupImages, 0);
        return problems;
    }
}
