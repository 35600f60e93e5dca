package io.sparkcnn.peers;

import java.nio.file.Files;
import java.nio.file.Path;

import io.sparkcnn.data.DatasetDirectory;
import io.sparkcnn.data.DatasetFile;
import io.sparkcnn.data.ImageShape;
import io.sparkcnn.data.LabeledImages;

/**
 * The training and test sets, read with the product's strict IDX reader (so a damaged file fails the same way
 * here as in training) and converted to arrays once, before anything is timed.
 */
public record BenchmarkData(ImageArrays train, ImageArrays test) {

    /** Why {@code dir} cannot be used, or null when it holds the four standard files. */
    public static String problemWith(Path dir) {
        if (!Files.isDirectory(dir)) {
            return dir + ": not a directory";
        }
        DatasetDirectory files = DatasetDirectory.probe(dir);
        if (!files.complete()) {
            return dir + ": missing " + String.join(", ", files.missing())
                    + " (expected the four standard MNIST-format file names, gzipped or not)";
        }
        return null;
    }

    /** Reads {@code dir}, keeping the first {@code trainLimit} training images (all when it is 0). */
    public static BenchmarkData read(Path dir, int trainLimit) {
        DatasetDirectory files = DatasetDirectory.probe(dir);
        LabeledImages train = read(files, DatasetFile.TRAIN_IMAGES, DatasetFile.TRAIN_LABELS);
        LabeledImages test = read(files, DatasetFile.TEST_IMAGES, DatasetFile.TEST_LABELS);
        if (trainLimit > 0) {
            train = train.firstN(trainLimit);
        }
        return new BenchmarkData(ImageArrays.of(train), ImageArrays.of(test));
    }

    private static LabeledImages read(DatasetDirectory files, DatasetFile images, DatasetFile labels) {
        return LabeledImages.read(files.file(images), files.file(labels), SeedCnnShape.CLASSES)
                .expectShape(new ImageShape(SeedCnnShape.SIDE, SeedCnnShape.SIDE, ImageShape.GRAY),
                        "the peers' seed CNN takes 28x28 gray images");
    }
}
