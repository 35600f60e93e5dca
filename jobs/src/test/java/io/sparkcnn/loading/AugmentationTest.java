package io.sparkcnn.loading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

import io.sparkcnn.data.ImageSet;
import io.sparkcnn.data.ImageShape;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.MinibatchFiles;
import org.junit.jupiter.api.Test;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class AugmentationTest {
    private static final int ROWS = 4;
    private static final int COLS = 5;
    private static final ImageShape SHAPE = new ImageShape(ROWS, COLS, ImageShape.GRAY);

    /** One bright pixel at (row 1, column 1), a dimmer one at (2, 3). */
    private static float[] image() {
        float[] p = new float[ROWS * COLS];
        p[1 * COLS + 1] = 1f;
        p[2 * COLS + 3] = 0.5f;
        return p;
    }

    @Test
    void aShiftMovesTheContentAndFillsTheBorderWithBackground() {
        float[] p = image();
        Augmentation.transform(p, 0, ROWS, COLS, 1, 2, false, new float[ROWS * COLS]);
        float[] expected = new float[ROWS * COLS];
        expected[2 * COLS + 3] = 1f;   // (1,1) moved down 1, right 2
        // (2,3) moved to (3,5): outside the frame, lost
        assertArrayEquals(expected, p);
    }

    @Test
    void aMirrorReversesEachRowAndANegativeShiftMovesUpAndLeft() {
        float[] p = image();
        Augmentation.transform(p, 0, ROWS, COLS, 0, 0, true, new float[ROWS * COLS]);
        float[] mirrored = new float[ROWS * COLS];
        mirrored[1 * COLS + 3] = 1f;
        mirrored[2 * COLS + 1] = 0.5f;
        assertArrayEquals(mirrored, p);

        float[] q = image();
        Augmentation.transform(q, 0, ROWS, COLS, -1, -1, false, new float[ROWS * COLS]);
        float[] shifted = new float[ROWS * COLS];
        shifted[0] = 1f;
        shifted[1 * COLS + 2] = 0.5f;
        assertArrayEquals(shifted, q);
    }

    @Test
    void onlyTheAddressedImageChanges() {
        float[] two = new float[2 * ROWS * COLS];
        System.arraycopy(image(), 0, two, ROWS * COLS, ROWS * COLS);
        float[] before = two.clone();
        Augmentation.transform(two, ROWS * COLS, ROWS, COLS, 0, 1, false, new float[ROWS * COLS]);
        assertArrayEquals(Arrays.copyOf(before, ROWS * COLS), Arrays.copyOf(two, ROWS * COLS));
        assertEquals(1f, two[ROWS * COLS + COLS + 2]);
    }

    @Test
    void shiftsOutsideTheAllowedRangeAreRejectedByName() {
        assertTrue(new Augmentation(2, true).problems().isEmpty());
        assertEquals("--augment-shift must be between 0 and 4 pixels, was 5",
                new Augmentation(5, false).problems().get(0).asOption());
        assertEquals("augment-shift", new Augmentation(-1, false).problems().get(0).field());
        assertEquals("shift 2, flip", new Augmentation(2, true).describe());
        assertEquals("none", Augmentation.NONE.describe());
    }

    @Test
    void theLoaderIsReproducibleAndChangesEveryEpoch() throws IOException {
        byte[] file = fileOf(16);
        DataSet batch = batchOf(file);
        Augmentation shift = new Augmentation(2, true);
        INDArray epoch1 = load(new AugmentingMinibatchLoader(new VerifiedMinibatchLoader(), shift, SHAPE, 42, 1), file, "/tmp/a/shard-000-batch-00001.bin");
        INDArray epoch1Again = load(new AugmentingMinibatchLoader(new VerifiedMinibatchLoader(), shift, SHAPE, 42, 1), file, "/other/dir/shard-000-batch-00001.bin");
        INDArray epoch2 = load(new AugmentingMinibatchLoader(new VerifiedMinibatchLoader(), shift, SHAPE, 42, 2), file, "/tmp/a/shard-000-batch-00001.bin");
        assertEquals(epoch1, epoch1Again, "same seed, epoch and file name: same images, whatever the directory");
        assertNotEquals(epoch1, epoch2, "another epoch: other shifts");
        assertNotEquals(batch.getFeatures(), epoch1, "the images changed");
        assertEquals(batch.getFeatures().shape()[0], epoch1.shape()[0]);
    }

    @Test
    void flippingAloneKeepsEveryPixelValueAndTheLabels() throws IOException {
        byte[] file = fileOf(8);
        DataSet batch = batchOf(file);
        AugmentingMinibatchLoader loader = new AugmentingMinibatchLoader(new VerifiedMinibatchLoader(), new Augmentation(0, true), SHAPE, 7, 1);
        DataSet loaded = loader.load(source(file, "shard-000-batch-00000.bin"));
        for (int i = 0; i < 8; i++) {
            float[] before = batch.getFeatures().getRow(i).toFloatVector();
            float[] after = loaded.getFeatures().getRow(i).toFloatVector();
            Arrays.sort(before);
            Arrays.sort(after);
            assertArrayEquals(before, after, "image " + i + " holds the same pixels, mirrored or not");
        }
        assertEquals(batch.getLabels(), loaded.getLabels());
        assertNotEquals(batch.getFeatures(), loaded.getFeatures(), "some images were mirrored");
    }

    @Test
    void imagesOfAnotherSizeAreAnErrorNamingTheFile() {
        byte[] file = fileOf(2);
        AugmentingMinibatchLoader loader = new AugmentingMinibatchLoader(new VerifiedMinibatchLoader(), new Augmentation(1, false), ImageShape.MNIST, 7, 1);
        IOException e = assertThrows(IOException.class, () -> loader.load(source(file, "/x/shard-000-batch-00003.bin")));
        assertTrue(e.getMessage().contains("shard-000-batch-00003.bin") && e.getMessage().contains("28x28"),
                e.getMessage());
    }

    /** {@code n} images of random pixels, labels 0, 1, 2, 0, ... as a minibatch file's bytes decode them. */
    private static byte[] fileOf(int n) {
        java.util.Random random = new java.util.Random(3);
        byte[] pixels = new byte[n * ROWS * COLS];
        random.nextBytes(pixels);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        LabeledImages images = LabeledImages.pair(new ImageSet("random", n, SHAPE, pixels), labels, "labels", 3);
        return MinibatchFiles.encode(images, MinibatchFiles.range(n), 0, n);
    }

    private static DataSet batchOf(byte[] file) {
        return MinibatchFiles.decode("original.bin", file);
    }

    private static INDArray load(AugmentingMinibatchLoader loader, byte[] file, String path) throws IOException {
        return loader.load(source(file, path)).getFeatures();
    }

    private static Source source(byte[] content, String path) {
        return new Source() {
            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(content);
            }

            @Override
            public String getPath() {
                return Path.of(path).toString();
            }
        };
    }
}
