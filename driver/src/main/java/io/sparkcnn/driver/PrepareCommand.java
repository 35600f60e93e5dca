package io.sparkcnn.driver;

import java.net.URI;
import java.util.concurrent.Callable;

import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.driver.reach.ClusterEndpoints;
import io.sparkcnn.driver.reach.Reachability;
import io.sparkcnn.driver.options.DataOptions;
import io.sparkcnn.driver.options.VerboseOption;
import io.sparkcnn.jobs.PrepareJob;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.PrepareSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spark-cnn prepare}: shards and minibatch files on any Hadoop file system, for {@code train --shards}. */
@Command(name = "prepare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cut a dataset into seeded class-balanced training shards of minibatch files, with the test",
            "set and a manifest (counts, sizes, CRC32s), on any Hadoop file system (file://, hdfs://).",
            "Then: spark-cnn train --shards URI, and each executor reads its own shards."})
final class PrepareCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--output", paramLabel = "URI", required = true,
            description = "Where to write, e.g. hdfs://namenode:8020/data/fashion or file:///data/fashion.")
    URI output;

    @Option(names = "--workers", paramLabel = "N", description = "Workers to prepare for: one training shard each"
            + " (the most workers train --shards can use). Default: ${DEFAULT-VALUE}.")
    int workers = AveragingSettings.DEFAULT_WORKERS;

    /** The option's name before it said what it counts; old command lines keep working. */
    @Option(names = "--shards", paramLabel = "N", hidden = true)
    void oldWorkers(int count) {
        workers = count;
    }

    @Option(names = "--batch-size", paramLabel = "N", description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    int batchSize = LoopSettings.DEFAULT_BATCH_SIZE;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seeds the shuffle into shards. Default: ${DEFAULT-VALUE}.")
    long seed = LoopSettings.DEFAULT_SEED;

    @Option(names = "--overwrite", description = "Replace an existing --output.")
    boolean overwrite;

    @Mixin
    VerboseOption verbose;

    /** The settings the options give, checked: every problem at once, each named by its option. */
    PrepareSettings settings() {
        return new PrepareSettings(data.settings(), workers,
                LoopSettings.defaults().withBatchSize(batchSize).withSeed(seed), TrainCommand.withScheme(output),
                overwrite).validate();
    }

    @Override
    public Integer call() {
        PrepareSettings settings = settings();
        ClusterEndpoints.hdfsNamenode(TrainCommand.withScheme(output), "--output").ifPresent(Reachability::require);
        PreparedShards prepared = PrepareJob.run(DataOptions.resolve(settings.data()), settings);
        PreparedShards.Manifest m = prepared.manifest();
        System.out.printf("%d training images in %d shards (%d minibatch files of %d), %d test images: %s%n",
                m.trainImages(), m.shards(), m.train().size(), m.batchSize(), m.testImages(), prepared.root());
        return 0;
    }
}
