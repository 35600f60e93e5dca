package io.sparkcnn.settings;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.data.PreparedShards;

/**
 * What {@code prepare} writes for a later {@code train --shards}.
 *
 * @param data      which images (the training subset is cut into the shards; the test subset is written whole)
 * @param workers   the replicas the shards are cut for: one class-balanced shard each (the most a run can use)
 * @param loop      the minibatch size of the files and the seed of the shuffle into shards (epochs are train's)
 * @param output    where to write, on any Hadoop file system
 * @param overwrite replace what is there
 */
public record PrepareSettings(DataSettings data, int workers, LoopSettings loop, URI output, boolean overwrite) {

    /** How the training set is cut. */
    public PreparedShards.Plan plan() {
        return data.shardPlan(workers, loop);
    }

    /** Each invalid field, named as its option. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        SettingProblem.atLeast(problems, "workers", workers, 1);
        problems.addAll(loop.problems());
        problems.addAll(data.problems());
        if (output == null) {
            problems.add(new SettingProblem("output", "is required"));
        }
        return problems;
    }

    /** These settings, or a {@link SettingsException} listing every problem as its option. */
    public PrepareSettings validate() {
        SettingsException.throwIfAny(problems());
        return this;
    }
}
