package io.sparkcnn.data;

import static io.sparkcnn.data.IdxFixtures.gzip;
import static io.sparkcnn.data.IdxFixtures.images;
import static io.sparkcnn.data.IdxFixtures.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static final byte[] PIXELS = {0, 1, 2, (byte) 255, 10, 20, 30, 40, 50, 60, 70, (byte) 128};

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private DataException readImagesFails(byte[] content) throws IOException {
        Path file = write("bad-images", content);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        return e;
    }

    @Test
    void readsPlainAndGzippedImagesAlike() throws IOException {
        byte[] raw = images(3, 2, 2, PIXELS);
        ImageSet plain = IdxReader.readImages(write("plain", raw));
        ImageSet zipped = IdxReader.readImages(write("zipped.gz", gzip(raw)));
        for (ImageSet set : new ImageSet[] {plain, zipped}) {
            assertEquals(3, set.count());
            assertEquals(2, set.rows());
            assertEquals(2, set.cols());
            assertArrayEquals(PIXELS, set.pixels());
        }
    }

    @Test
    void readsLabels() throws IOException {
        assertArrayEquals(new byte[] {7, 0, 9}, IdxReader.readLabels(write("l.gz", gzip(labels(new byte[] {7, 0, 9})))));
    }

    @Test
    void scalesPixelsToUnitInterval() throws IOException {
        ImageSet set = IdxReader.readImages(write("i", images(3, 2, 2, PIXELS)));
        LabeledImages data = LabeledImages.pair(set, new byte[] {1, 2, 3}, "labels", 2, 2, 10);
        float[] out = new float[4];
        data.copyPixels(0, out, 0);
        assertArrayEquals(new float[] {0f, 1 / 255f, 2 / 255f, 1f}, out, 1e-7f);
    }

    @Test
    void rejectsWrongMagicNumber() throws IOException {
        DataException e = readImagesFails(labels(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("wrong magic number 0x00000801, expected 0x00000803"), e.getMessage());
    }

    @Test
    void rejectsTruncatedPixelData() throws IOException {
        byte[] full = images(3, 2, 2, PIXELS);
        DataException e = readImagesFails(Arrays.copyOf(full, full.length - 5));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("only 7 bytes follow"), e.getMessage());
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        DataException e = readImagesFails(Arrays.copyOf(images(3, 2, 2, PIXELS), 10));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsTruncatedGzip() throws IOException {
        byte[] zipped = gzip(images(3, 2, 2, PIXELS));
        DataException e = readImagesFails(Arrays.copyOf(zipped, zipped.length / 2));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsCorruptGzip() throws IOException {
        byte[] zipped = gzip(images(3, 2, 2, PIXELS));
        zipped[zipped.length - 8] ^= (byte) 0xFF; // the CRC of the contents no longer matches them
        DataException e = readImagesFails(zipped);
        assertTrue(e.getMessage().contains("corrupt gzip data"), e.getMessage());
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] full = images(3, 2, 2, PIXELS);
        DataException e = readImagesFails(Arrays.copyOf(full, full.length + 4));
        assertTrue(e.getMessage().contains("4 unexpected bytes"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveDimensions() throws IOException {
        DataException e = readImagesFails(images(0, 2, 2, new byte[0]));
        assertTrue(e.getMessage().contains("'image count' is 0"), e.getMessage());
    }

    @Test
    void rejectsEmptyAndMissingFiles() throws IOException {
        DataException empty = readImagesFails(new byte[0]);
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        DataException missing = assertThrows(DataException.class, () -> IdxReader.readLabels(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope: file not found"), missing.getMessage());
    }

    @Test
    void pairingChecksCountsSizesAndLabelRange() throws IOException {
        ImageSet set = IdxReader.readImages(write("i", images(3, 2, 2, PIXELS)));
        DataException count = assertThrows(DataException.class,
                () -> LabeledImages.pair(set, new byte[] {1, 2}, "lab", 2, 2, 10));
        assertTrue(count.getMessage().contains("lab: holds 2 labels but") && count.getMessage().contains("3 images"),
                count.getMessage());
        DataException size = assertThrows(DataException.class,
                () -> LabeledImages.pair(set, new byte[] {1, 2, 3}, "lab", 28, 28, 10));
        assertTrue(size.getMessage().contains("images are 2x2 pixels, expected 28x28"), size.getMessage());
        DataException range = assertThrows(DataException.class,
                () -> LabeledImages.pair(set, new byte[] {1, 12, 3}, "lab", 2, 2, 10));
        assertTrue(range.getMessage().contains("label 12 at index 1 is outside 0-9"), range.getMessage());
    }
}
