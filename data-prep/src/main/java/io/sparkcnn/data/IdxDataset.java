package io.sparkcnn.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** A dataset as the four standard IDX files (MNIST's layout), gray or RGB, with any number of classes. */
public record IdxDataset(DatasetDirectory directory) implements DatasetSource {
    /** An optional file beside the IDX files naming the classes, one per line, in label order. */
    public static final String CLASS_NAMES_FILE = "classes.txt";

    @Override
    public ImageShape shape() {
        return IdxReader.readShape(directory.file(DatasetFile.TRAIN_IMAGES));
    }

    @Override
    public LabeledImages train(int numClasses) {
        return LabeledImages.read(directory.file(DatasetFile.TRAIN_IMAGES), directory.file(DatasetFile.TRAIN_LABELS),
                numClasses);
    }

    @Override
    public LabeledImages test(int numClasses) {
        return LabeledImages.read(directory.file(DatasetFile.TEST_IMAGES), directory.file(DatasetFile.TEST_LABELS),
                numClasses);
    }

    @Override
    public Path location() {
        return directory.dir();
    }

    /** md5 of each file as stored, by file name. */
    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> md5s = new LinkedHashMap<>();
        for (DatasetFile f : DatasetFile.values()) {
            Path p = directory.file(f);
            md5s.put(p.getFileName().toString(), Md5.ofFile(p));
        }
        return Map.of("md5", md5s);
    }

    /**
     * The class names of a dataset the tool does not know: {@value #CLASS_NAMES_FILE} when the directory has one,
     * else the numbers 0 to the largest training label.
     */
    public List<String> classNames() {
        Path names = directory.dir().resolve(CLASS_NAMES_FILE);
        if (Files.isRegularFile(names)) {
            return readClassNames(names);
        }
        Path labelFile = directory.file(DatasetFile.TRAIN_LABELS);
        int largest = IntStream.of(IdxReader.readLabels(labelFile)).max().orElse(0);
        if (largest < 1) {
            throw new DataException(labelFile + ": every label is " + largest + "; a classifier needs at least two"
                    + " classes");
        }
        if (largest >= LabeledImages.MAX_CLASSES) {
            throw new DataException(labelFile + ": label " + largest + " means " + (largest + 1) + " classes,"
                    + " expected at most " + LabeledImages.MAX_CLASSES);
        }
        return IntStream.rangeClosed(0, largest).mapToObj(Integer::toString).toList();
    }

    private static List<String> readClassNames(Path file) {
        List<String> names;
        try {
            names = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        Optional<String> repeated = names.stream().filter(n -> names.indexOf(n) != names.lastIndexOf(n)).findFirst();
        if (repeated.isPresent()) {
            throw new DataException(file + ": class '" + repeated.get() + "' is named twice; expected one"
                    + " distinct name per line, in label order");
        }
        if (names.size() < 2 || names.size() > LabeledImages.MAX_CLASSES) {
            throw new DataException(file + ": names " + names.size() + " classes, expected 2 to "
                    + LabeledImages.MAX_CLASSES + " (one per line, in label order)");
        }
        return names;
    }
}
