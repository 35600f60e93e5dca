package io.sparkcnn.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a dataset's labelled images come from: the four IDX files ({@link IdxDataset}), an image folder or Parquet.
 * A source knows its images' shape before it loads them all (from a header or a first image), so that a network
 * can be built and a model checked against it early; it loads the training and test images on request.
 */
public interface DatasetSource {
    /** The training images' shape. */
    ImageShape shape();

    /** The training images, every label one of {@code numClasses}. */
    LabeledImages train(int numClasses);

    /** The test images, every label one of {@code numClasses} (the training set's classes). */
    LabeledImages test(int numClasses);

    /** The directory or file the images are read from. */
    Path location();

    /** What a later reader needs to know it has the same data (md5s, counts), for the run's provenance. */
    Map<String, Object> provenance();
}
