package io.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX datasets of any size, colour and class count: the shape and classes come from the files. */
class AnyIdxDatasetTest {
    @TempDir
    Path dir;

    private static ResolvedDataset resolve(String name, Path dataDir) {
        return DatasetResolver.standard(message -> { }).resolve(name, Optional.of(dataDir));
    }

    @Test
    void twentyClassesAndTheirShapeComeFromTheFiles() throws IOException {
        ImageShape shape = new ImageShape(12, 16, ImageShape.GRAY);
        ResolvedDataset data = resolve("letters", IdxFixtures.writeDataset(dir, 60, 20, 20, shape));
        assertEquals(20, data.numClasses());
        assertEquals("19", data.labelNames().get(19));
        assertEquals(shape, data.shape());
        LabeledImages train = data.loadTrain();
        assertEquals(shape, train.shape());
        assertEquals(19, train.label(19));
        assertEquals(20, data.loadTest(0).size());
    }

    @Test
    void rgbImagesAndClassNamesFromClassesTxt() throws IOException {
        ImageShape rgb = new ImageShape(32, 32, ImageShape.RGB);
        IdxFixtures.writeDataset(dir, 30, 10, 3, rgb);
        Files.writeString(dir.resolve(IdxDataset.CLASS_NAMES_FILE), "cat\ndog\n\nbird\n");
        ResolvedDataset data = resolve("pets", dir);
        assertEquals(List.of("cat", "dog", "bird"), data.labelNames());
        assertEquals(rgb, data.loadTest(5).shape());
        assertEquals(3 * 32 * 32, data.loadTrain().pixels(0).length);
    }

    @Test
    void manyClassesNeedSixteenBitLabels() throws IOException {
        ResolvedDataset data = resolve("many", IdxFixtures.writeDataset(dir, 1000, 300, 1000,
                new ImageShape(4, 4, ImageShape.GRAY)));
        assertEquals(1000, data.numClasses());
        assertEquals(999, data.loadTrain().label(999));
    }

    @Test
    void aTestClassUnknownToTrainingNamesTheLabelFile() throws IOException {
        ImageShape shape = new ImageShape(8, 8, ImageShape.GRAY);
        IdxFixtures.writeDataset(dir, 20, 5, 10, shape);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"),
                IdxFixtures.gzip(IdxFixtures.labels(new int[] {1, 2, 18, 3, 4})));
        ResolvedDataset data = resolve("digits", dir);
        DataException e = assertThrows(DataException.class, () -> data.loadTest(0));
        assertTrue(e.getMessage().startsWith(dir.resolve("t10k-labels-idx1-ubyte.gz").toString())
                && e.getMessage().contains("label 18 at index 2 is not one of the dataset's classes 0-9"),
                e.getMessage());
    }

    @Test
    void testImagesOfAnotherSizeThanTrainingAreRefused() throws IOException {
        IdxFixtures.writeDataset(dir, 20, 5, 10, new ImageShape(8, 8, ImageShape.GRAY));
        Path other = IdxFixtures.writeDataset(dir.resolve("other"), 20, 5, 10, new ImageShape(8, 8, ImageShape.RGB));
        Files.copy(other.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-images-idx3-ubyte.gz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ResolvedDataset data = resolve("digits", dir);
        DataException e = assertThrows(DataException.class, () -> data.loadTest(0));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz: images are 8x8 RGB, expected 8x8 gray (the"
                + " shape of the training images)"), e.getMessage());
    }

    @Test
    void oneClassOnlyIsNotAClassifier() throws IOException {
        IdxFixtures.writeDataset(dir, 20, 5, 2, new ImageShape(8, 8, ImageShape.GRAY));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.labels(new int[20])));
        DataException e = assertThrows(DataException.class, () -> resolve("one", dir));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz: every label is 0; a classifier needs at least"
                + " two classes"), e.getMessage());
    }
}
