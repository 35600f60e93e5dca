package io.sparkcnn.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sparkcnn.data.KnownDataset;
import io.sparkcnn.data.PreparedShards;

/**
 * Which images a command uses.
 *
 * @param dataset    dataset name (mnist, fashion-mnist, or any name with {@code dataDir})
 * @param dataDir    a directory with the four IDX files, overriding the lookup of a named dataset
 * @param trainLimit a class-balanced subset of this many training images (0: all)
 * @param testLimit  the first this many test images (0: all)
 */
public record DataSettings(String dataset, Optional<Path> dataDir, int trainLimit, int testLimit) {
    public static final String DEFAULT_DATASET = "fashion-mnist";

    /** Fashion-MNIST, found where the resolver looks for it, every image. */
    public static DataSettings defaults() {
        return new DataSettings(DEFAULT_DATASET, Optional.empty(), 0, 0);
    }

    public DataSettings withDataset(String name) {
        return new DataSettings(name, dataDir, trainLimit, testLimit);
    }

    /** {@code dir} null: look the dataset up by its name. */
    public DataSettings withDataDir(Path dir) {
        return new DataSettings(dataset, Optional.ofNullable(dir), trainLimit, testLimit);
    }

    public DataSettings withTrainLimit(int images) {
        return new DataSettings(dataset, dataDir, images, testLimit);
    }

    public DataSettings withTestLimit(int images) {
        return new DataSettings(dataset, dataDir, trainLimit, images);
    }

    /** How the training set is cut for {@code workers} replicas into minibatches of {@code loop}'s size. */
    public PreparedShards.Plan shardPlan(int workers, LoopSettings loop) {
        return new PreparedShards.Plan(workers, loop.batchSize(), loop.seed(), trainLimit);
    }

    /** Each invalid field, named as its option. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        if (dataDir.isEmpty() && KnownDataset.byName(dataset).isEmpty()) {
            problems.add(new SettingProblem("dataset", "'" + dataset + "' is unknown: expected one of "
                    + KnownDataset.names() + ", or give --data-dir with MNIST-format files"));
        }
        SettingProblem.atLeast(problems, "train-limit", trainLimit, 0);
        SettingProblem.atLeast(problems, "test-limit", testLimit, 0);
        return problems;
    }
}
