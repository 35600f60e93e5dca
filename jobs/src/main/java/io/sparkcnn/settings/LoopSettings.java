package io.sparkcnn.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * The training loop: how many passes over the training set, in minibatches of which size, and the seed of
 * everything drawn at random (initial weights, shards, the order of minibatches, the augmentation).
 *
 * @param epochs    passes over the training set
 * @param batchSize minibatch size per replica
 * @param seed      the same seed gives the same run
 */
public record LoopSettings(int epochs, int batchSize, long seed) {
    public static final int DEFAULT_EPOCHS = 5;
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final long DEFAULT_SEED = 42;

    public static LoopSettings defaults() {
        return new LoopSettings(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_SEED);
    }

    public LoopSettings withEpochs(int count) {
        return new LoopSettings(count, batchSize, seed);
    }

    public LoopSettings withBatchSize(int size) {
        return new LoopSettings(epochs, size, seed);
    }

    public LoopSettings withSeed(long value) {
        return new LoopSettings(epochs, batchSize, value);
    }

    /** Each invalid field, named as its option. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        SettingProblem.atLeast(problems, "epochs", epochs, 1);
        SettingProblem.atLeast(problems, "batch-size", batchSize, 1);
        return problems;
    }
}
