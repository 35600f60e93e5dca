package io.sparkcnn.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset whose images have been found: its name, class names (index = label), where the images come from and
 * how they were found (for the run's provenance). Its {@link #shape()} and {@link #numClasses()} are what a network
 * is built for; the test images must have the training images' shape and classes.
 */
public record ResolvedDataset(String name, List<String> labelNames, DatasetSource source, String origin) {
    public ResolvedDataset {
        labelNames = List.copyOf(labelNames);
    }

    public int numClasses() {
        return labelNames.size();
    }

    /** The training images' shape, from a header or the first image. */
    public ImageShape shape() {
        return source.shape();
    }

    /** The directory or file the images are read from. */
    public Path location() {
        return source.location();
    }

    public LabeledImages loadTrain() {
        return source.train(numClasses()).expectShape(shape(), "the shape of the training images");
    }

    public LabeledImages loadTest() {
        return source.test(numClasses()).expectShape(shape(), "the shape of the training images");
    }

    /** The first {@code limit} test images, as every command's {@code --test-limit} means it (0: all of them). */
    public LabeledImages loadTest(int limit) {
        return limit > 0 ? loadTest().firstN(limit) : loadTest();
    }
}
