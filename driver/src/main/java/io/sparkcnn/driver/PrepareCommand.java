package io.sparkcnn.driver;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.jobs.PrepareJob;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.settings.TrainSettings;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spark-cnn prepare}: shards and minibatch files on any Hadoop file system, for {@code train --shards}. */
@Command(name = "prepare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cut a dataset into seeded class-balanced training shards of minibatch files, with the test",
            "set and a manifest (counts, sizes, CRC32s), on any Hadoop file system (file://, hdfs://).",
            "Then: spark-cnn train --shards URI, and each executor reads its own shards."})
final class PrepareCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "NAME", description = "mnist or fashion-mnist, or any name with"
            + " --data-dir. Default: ${DEFAULT-VALUE}.")
    String dataset = TrainSettings.DEFAULT_DATASET;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory with the four IDX files.")
    Path dataDir;

    @Option(names = "--output", paramLabel = "URI", required = true,
            description = "Where to write, e.g. hdfs://namenode:8020/data/fashion or file:///data/fashion.")
    URI output;

    @Option(names = "--shards", paramLabel = "N", description = "Training shards (the most workers that can train"
            + " on them). Default: ${DEFAULT-VALUE}.")
    int shards = TrainSettings.DEFAULT_WORKERS;

    @Option(names = "--batch-size", paramLabel = "N", description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    int batchSize = TrainSettings.DEFAULT_BATCH_SIZE;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the shuffle into shards. Default: ${DEFAULT-VALUE}.")
    long seed = TrainSettings.DEFAULT_SEED;

    @Option(names = "--train-limit", paramLabel = "N", description = "A class-balanced subset of N images (0: all).")
    int trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "The first N test images (0: all).")
    int testLimit;

    @Option(names = "--overwrite", description = "Replace an existing --output.")
    boolean overwrite;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() {
        if (shards < 1 || batchSize < 1 || trainLimit < 0 || testLimit < 0) {
            throw new SettingsException("--shards and --batch-size must be at least 1, --train-limit and --test-limit"
                    + " at least 0; were " + shards + ", " + batchSize + ", " + trainLimit + ", " + testLimit);
        }
        URI target = TrainCommand.withScheme(output);
        var data = DatasetResolver.standard(msg -> LoggerFactory.getLogger(PrepareCommand.class).info(msg))
                .resolve(dataset, Optional.ofNullable(dataDir));
        PreparedShards prepared = PrepareJob.run(data, new PreparedShards.Plan(shards, batchSize, seed, trainLimit),
                testLimit, target, overwrite);
        PreparedShards.Manifest m = prepared.manifest();
        System.out.printf("%d training images in %d shards (%d minibatch files of %d), %d test images: %s%n",
                m.trainImages(), m.shards(), m.train().size(), m.batchSize(), m.testImages(), prepared.root());
        return 0;
    }
}
