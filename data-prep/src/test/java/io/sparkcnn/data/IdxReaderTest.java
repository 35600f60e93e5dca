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
        assertArrayEquals(new int[] {7, 0, 9}, IdxReader.readLabels(write("l.gz", gzip(labels(new byte[] {7, 0, 9})))));
        int[] many = {999, 0, 256};
        assertArrayEquals(many, IdxReader.readLabels(write("l16", labels(many))), "16-bit labels for many classes");
    }

    @Test
    void scalesPixelsToUnitInterval() throws IOException {
        ImageSet set = IdxReader.readImages(write("i", images(3, 2, 2, PIXELS)));
        LabeledImages data = LabeledImages.pair(set, new int[] {1, 2, 3}, "labels", 10);
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
                () -> LabeledImages.pair(set, new int[] {1, 2}, "lab", 10));
        assertTrue(count.getMessage().contains("lab: holds 2 labels but") && count.getMessage().contains("3 images"),
                count.getMessage());
        LabeledImages paired = LabeledImages.pair(set, new int[] {1, 2, 3}, "lab", 10);
        DataException size = assertThrows(DataException.class,
                () -> paired.expectShape(ImageShape.MNIST, "the model's"));
        assertTrue(size.getMessage().contains("images are 2x2 gray, expected 28x28 gray (the model's)"),
                size.getMessage());
        DataException range = assertThrows(DataException.class,
                () -> LabeledImages.pair(set, new int[] {1, 12, 3}, "lab", 10));
        assertTrue(range.getMessage().contains("label 12 at index 1 is not one of the dataset's classes 0-9"),
                range.getMessage());
    }

    @Test
    void readsRgbImagesAsChannelPlanes() throws IOException {
        ImageShape rgb = new ImageShape(1, 2, 3);
        byte[] planes = {1, 2, 10, 20, 100, (byte) 200}; // red plane, green plane, blue plane of a 1x2 image
        ImageSet set = IdxReader.readImages(write("rgb.gz", gzip(IdxFixtures.images(1, rgb, planes))));
        assertEquals(rgb, set.shape());
        assertArrayEquals(planes, set.pixels(), "stored N x H x W x 3, read as channel planes");
        assertEquals(rgb, IdxReader.readShape(dir.resolve("rgb.gz")));
    }

    @Test
    void rejectsImagesWithTwoOrFourChannels() throws IOException {
        byte[] header = IdxFixtures.images(1, new ImageShape(1, 1, 3), new byte[3]);
        header[19] = 4; // the channel count, the header's last field
        DataException e = readImagesFails(Arrays.copyOf(header, header.length + 1));
        assertTrue(e.getMessage().contains("4 channels: expected 1 (gray) or 3 (RGB)"), e.getMessage());
    }
}
