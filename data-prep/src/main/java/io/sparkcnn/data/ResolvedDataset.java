package io.sparkcnn.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset whose four files have been found: its name, class names, where the files are and how they were
 * found (for the run's provenance).
 */
public record ResolvedDataset(String name, List<String> labelNames, DatasetDirectory directory, String origin) {
    public static final int ROWS = 28;
    public static final int COLS = 28;

    public int numClasses() {
        return labelNames.size();
    }

    public LabeledImages loadTrain() {
        return load(DatasetFile.TRAIN_IMAGES, DatasetFile.TRAIN_LABELS);
    }

    public LabeledImages loadTest() {
        return load(DatasetFile.TEST_IMAGES, DatasetFile.TEST_LABELS);
    }

    /** The first {@code limit} test images, as every command's {@code --test-limit} means it (0: all of them). */
    public LabeledImages loadTest(int limit) {
        return limit > 0 ? loadTest().firstN(limit) : loadTest();
    }

    private LabeledImages load(DatasetFile images, DatasetFile labels) {
        return LabeledImages.read(directory.file(images), directory.file(labels), ROWS, COLS, numClasses());
    }

    /** md5 of each file as stored, by file name: what a later reader needs to know it has the same data. */
    public Map<String, String> storedMd5s() {
        Map<String, String> out = new LinkedHashMap<>();
        for (DatasetFile f : DatasetFile.values()) {
            java.nio.file.Path p = directory.file(f);
            out.put(p.getFileName().toString(), Md5.ofFile(p));
        }
        return out;
    }
}
