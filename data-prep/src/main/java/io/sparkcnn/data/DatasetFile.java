package io.sparkcnn.data;

import java.util.List;

/** The four files of an MNIST-format dataset, by their standard names. */
public enum DatasetFile {
    TRAIN_IMAGES("train-images-idx3-ubyte"),
    TRAIN_LABELS("train-labels-idx1-ubyte"),
    TEST_IMAGES("t10k-images-idx3-ubyte"),
    TEST_LABELS("t10k-labels-idx1-ubyte");

    private final String baseName;

    DatasetFile(String baseName) {
        this.baseName = baseName;
    }

    /** The name without compression suffix. */
    public String baseName() {
        return baseName;
    }

    /** The names this file may have on disk, preferred first. */
    public List<String> candidateNames() {
        return List.of(baseName + ".gz", baseName);
    }
}
