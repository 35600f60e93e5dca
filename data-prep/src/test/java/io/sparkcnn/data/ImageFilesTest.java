package io.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures prepared the way the datasets prepared theirs. */
class ImageFilesTest {
    @TempDir
    Path tmp;

    /** A bar, 3:1 tall, in {@code fg} on {@code bg}, somewhere off-centre in a large colour picture. */
    private static BufferedImage bar(Color fg, Color bg) {
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(bg);
        g.fillRect(0, 0, 300, 200);
        g.setColor(fg);
        g.fillRect(40, 30, 40, 120);
        g.dispose();
        return image;
    }

    @Test
    void aDigitIsFittedIntoTwentyPixelsAndCentredByMass() {
        float[] p = ImageFiles.prepare(bar(Color.WHITE, Color.BLACK), ImageFraming.DIGIT);
        assertEquals(28 * 28, p.length);
        int[] box = box(p);
        assertEquals(20, box[2] - box[0] + 1, "the longer side is 20 pixels");
        assertTrue(Math.abs((box[0] + box[2]) / 2.0 - 13.5) <= 1 && Math.abs((box[1] + box[3]) / 2.0 - 13.5) <= 1,
                "centred");
        assertEquals(1f, p[14 * 28 + 14], 1e-6f);
        assertEquals(0f, p[0], 1e-6f);
    }

    @Test
    void aGarmentFillsTheFrame() {
        int[] box = box(ImageFiles.prepare(bar(Color.WHITE, Color.BLACK), ImageFraming.GARMENT));
        assertEquals(28, box[2] - box[0] + 1);
    }

    @Test
    void darkOnLightIsTurnedIntoLightOnDarkAndColourIntoGray() {
        float[] lightOnDark = ImageFiles.prepare(bar(Color.WHITE, Color.BLACK), ImageFraming.DIGIT);
        float[] darkOnLight = ImageFiles.prepare(bar(Color.BLACK, Color.WHITE), ImageFraming.DIGIT);
        assertArrayEquals(lightOnDark, darkOnLight, 1e-6f);
        float[] colour = ImageFiles.prepare(bar(new Color(200, 30, 30), new Color(250, 250, 240)), ImageFraming.DIGIT);
        assertTrue(colour[14 * 28 + 14] > 0.5f, "a red stroke on cream paper becomes a bright stroke");
    }

    @Test
    void readsPngAndJpegFilesAndNamesFilesItCannotRead() throws IOException {
        Path png = tmp.resolve("bar.png");
        ImageIO.write(bar(Color.BLACK, Color.WHITE), "png", png.toFile());
        Path jpeg = tmp.resolve("bar.jpg");
        ImageIO.write(bar(Color.BLACK, Color.WHITE), "jpg", jpeg.toFile());
        assertEquals(1f, ImageFiles.read(png, ImageFraming.DIGIT)[14 * 28 + 14], 1e-6f);
        assertTrue(ImageFiles.read(jpeg, ImageFraming.DIGIT)[14 * 28 + 14] > 0.9f);

        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        DataException e = assertThrows(DataException.class, () -> ImageFiles.read(text, ImageFraming.DIGIT));
        assertTrue(e.getMessage().contains("notes.txt is not an image"), e.getMessage());
        DataException missing = assertThrows(DataException.class,
                () -> ImageFiles.read(tmp.resolve("gone.png"), ImageFraming.DIGIT));
        assertTrue(missing.getMessage().contains("gone.png does not exist"), missing.getMessage());
    }

    /** {top, left, bottom, right} of the pixels above 0.1. */
    private static int[] box(float[] p) {
        int top = 28;
        int left = 28;
        int bottom = -1;
        int right = -1;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                if (p[r * 28 + c] > 0.1f) {
                    top = Math.min(top, r);
                    bottom = Math.max(bottom, r);
                    left = Math.min(left, c);
                    right = Math.max(right, c);
                }
            }
        }
        return new int[] {top, left, bottom, right};
    }
}
