package io.sparkcnn.driver.options;

import java.nio.file.Path;
import java.util.Optional;

import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.settings.DataSettings;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Which images a command uses: the options of {@link DataSettings}, shared by train, prepare and benchmark. */
public final class DataOptions {
    @Option(names = "--dataset", paramLabel = "NAME",
            description = "mnist or fashion-mnist (found in --data-dir, ~/.cache/spark-cnn, the Debian package,"
                    + " or downloaded); any name with --data-dir. Default: the --data-dir's name, else "
                    + DataSettings.DEFAULT_DATASET + ".")
    public String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The images: a directory with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                    + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] (any size, gray or RGB); an image"
                    + " folder (DIR/train/CLASS/*.png, DIR/test/CLASS/...); or Parquet (DIR/train.parquet,"
                    + " DIR/test.parquet, or train/ and test/ directories of them).")
    Path dataDir;

    @Option(names = "--train-limit", paramLabel = "N",
            description = "Use a class-balanced subset of N training images (0: all). For quick runs.")
    public int trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Use the first N test images (0: all).")
    public int testLimit;

    public DataSettings settings() {
        return DataSettings.defaults().withDataset(datasetName(dataset, dataDir)).withDataDir(dataDir)
                .withTrainLimit(trainLimit).withTestLimit(testLimit);
    }

    /** The name given, else the data directory's (a folder of cats is not Fashion-MNIST), else the default. */
    static String datasetName(String given, Path dataDir) {
        if (given != null) {
            return given;
        }
        Path name = dataDir == null ? null : dataDir.toAbsolutePath().normalize().getFileName();
        return name != null ? name.toString() : DataSettings.DEFAULT_DATASET;
    }

    /**
     * Finds a dataset's files as every command does (data dir, the user cache, the Debian package, a download),
     * logging where it looks. Commands call it before starting Spark: a missing file should cost no waiting.
     */
    public static ResolvedDataset resolve(String name, Optional<Path> dataDir) {
        return DatasetResolver.standard(msg -> LoggerFactory.getLogger(DataOptions.class).info(msg))
                .resolve(name, dataDir);
    }

    public static ResolvedDataset resolve(DataSettings data) {
        return resolve(data.dataset(), data.dataDir());
    }
}
