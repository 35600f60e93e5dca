package io.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** The minibatch file layout: decoding gives exactly the in-memory minibatch; damaged files name themselves. */
class MinibatchFilesTest {
    private static final int COUNT = 12;

    private static LabeledImages images() {
        byte[] labels = IdxFixtures.cyclicLabels(COUNT);
        return LabeledImages.pair(new ImageSet("fixture", COUNT, ImageShape.MNIST,
                IdxFixtures.learnablePixels(labels, 5)), IdxFixtures.ints(labels), "fixture labels", 10);
    }

    @Test
    void aFileDecodesToTheSameMinibatchAsTheImagesInMemory() {
        LabeledImages data = images();
        int[] order = {7, 3, 11, 0, 5};
        byte[] file = MinibatchFiles.encode(data, order, 1, 5);
        assertEquals(28 + 4 * 28 * 28 + 4 * 2, file.length, "a 28-byte header, one byte per pixel, two per label");
        DataSet decoded = MinibatchFiles.decode("shard-000-batch-00000.bin", file);
        DataSet expected = MinibatchFiles.toDataSet(data, order, 1, 5);
        assertEquals(expected.getFeatures(), decoded.getFeatures(), "pixels: byte / 255, exactly");
        assertEquals(expected.getLabels(), decoded.getLabels(), "one-hot labels");
        assertEquals(4, decoded.numExamples());
    }

    @Test
    void writtenFilesReadBackAsTheirMinibatchesByURIOrPlainPath(@TempDir Path dir) {
        LabeledImages data = images();
        List<String> files = MinibatchFiles.write(data, List.of(MinibatchFiles.range(COUNT)), 5, dir.toUri());
        assertEquals(3, files.size());
        Configuration hadoop = new Configuration();
        for (int b = 0; b < files.size(); b++) {
            String uri = files.get(b);
            assertTrue(uri.startsWith("file:"), uri);
            DataSet expected = MinibatchFiles.toDataSet(data, MinibatchFiles.range(COUNT), 5 * b,
                    Math.min(COUNT, 5 * b + 5));
            // file: URIs are read with java.nio; a path without a scheme goes through Hadoop's default file system
            for (String address : List.of(uri, uri.substring("file:".length()))) {
                DataSet read = MinibatchFiles.read(address, hadoop);
                assertEquals(expected.getFeatures(), read.getFeatures(), address);
                assertEquals(expected.getLabels(), read.getLabels(), address);
            }
        }
        String missing = files.get(0).replace("batch-00000", "batch-00099");
        for (String address : List.of(missing, missing.substring("file:".length()))) {
            DataException e = assertThrows(DataException.class, () -> MinibatchFiles.read(address, hadoop));
            assertTrue(e.getMessage().contains(address) && e.getMessage().contains("is missing"), e.getMessage());
        }
    }

    @Test
    void damagedFilesAreDataErrorsNamingTheFile() {
        byte[] good = MinibatchFiles.encode(images(), MinibatchFiles.range(COUNT), 0, 3);

        byte[] foreign = good.clone();
        foreign[0] = 'X';
        assertError(foreign, "is not a spark-cnn minibatch file");
        assertError(Arrays.copyOf(good, 10), "is not a spark-cnn minibatch file");
        assertError(Arrays.copyOf(good, good.length - 1), "is damaged: its header says 3 images of 28x28x1 and 10"
                + " classes, which take 2386 bytes; it has 2385");

        byte[] newer = good.clone();
        ByteBuffer.wrap(newer).putInt(4, 3);
        assertError(newer, "has format version 3, expected 2");

        byte[] badLabel = good.clone();
        badLabel[badLabel.length - 1] = 10;
        assertError(badLabel, "image 2 has label 10, expected 0..9");
    }

    private static void assertError(byte[] content, String expected) {
        DataException e = assertThrows(DataException.class, () -> MinibatchFiles.decode("hdfs://nn/x/batch.bin", content));
        assertTrue(e.getMessage().contains("hdfs://nn/x/batch.bin") && e.getMessage().contains(expected),
                e.getMessage());
    }
}
