package io.sparkcnn.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets the tool knows by name: where they may already be installed, where to download them, and the
 * md5 of each file's uncompressed bytes. Checking the uncompressed bytes lets one list of sums serve the
 * original .gz files and Debian's re-compressed ones alike.
 */
public enum KnownDataset {
    MNIST("mnist",
            Digits.NAMES,
            null,
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "http://yann.lecun.com/exdb/mnist/"),
            md5s("6bbc9ace898e44ae57da46a324031adb", "a25bea736e30d166cdddb491f175f624",
                    "2646ac647ad5339dbf082846283269ea", "27ae3e4e09519cfbb04c329615203637")),
    FASHION_MNIST("fashion-mnist",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            Path.of("/usr/share/datasets/fashion-mnist"),
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            md5s("f4a8712d7a061bf5bd6d2ca38dc4d50a", "9018921c3c673c538a1fc5bad174d6f9",
                    "8181f5470baa50b63fa0f6fddb340f0a", "15d484375f8d13e6eb1aabb0c3f46965"));

    /** In a holder class: enum constants may not read the enum's own static fields while it initialises. */
    private static final class Digits {
        static final List<String> NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    private final String cliName;
    private final List<String> labelNames;
    private final Path systemDir;
    private final List<String> mirrors;
    private final Map<DatasetFile, String> uncompressedMd5;

    KnownDataset(String cliName, List<String> labelNames, Path systemDir, List<String> mirrors,
                 Map<DatasetFile, String> uncompressedMd5) {
        this.cliName = cliName;
        this.labelNames = labelNames;
        this.systemDir = systemDir;
        this.mirrors = mirrors;
        this.uncompressedMd5 = uncompressedMd5;
    }

    private static Map<DatasetFile, String> md5s(String trainImages, String trainLabels,
                                                 String testImages, String testLabels) {
        Map<DatasetFile, String> m = new EnumMap<>(DatasetFile.class);
        m.put(DatasetFile.TRAIN_IMAGES, trainImages);
        m.put(DatasetFile.TRAIN_LABELS, trainLabels);
        m.put(DatasetFile.TEST_IMAGES, testImages);
        m.put(DatasetFile.TEST_LABELS, testLabels);
        return m;
    }

    /** The name used on the command line and in the cache folder. */
    public String cliName() {
        return cliName;
    }

    /** Human-readable class names, index = label. */
    public List<String> labelNames() {
        return labelNames;
    }

    /** Where an operating-system package installs this dataset, if one does. */
    public Optional<Path> systemDir() {
        return Optional.ofNullable(systemDir);
    }

    /** Base URLs that serve the four standard .gz files, tried in order. */
    public List<String> mirrors() {
        return mirrors;
    }

    public String uncompressedMd5(DatasetFile file) {
        return uncompressedMd5.get(file);
    }

    /** Looks a dataset up by its command-line name. */
    public static Optional<KnownDataset> byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.cliName.equals(wanted)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(KnownDataset::cliName).toList();
    }
}
