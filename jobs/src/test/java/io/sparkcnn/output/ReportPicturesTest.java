package io.sparkcnn.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.pictures.HtmlReport;
import io.sparkcnn.pictures.Png;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures drawn on the report's threads land in the page and in files in the order they were added. */
class ReportPicturesTest {
    @TempDir
    Path tmp;

    @Test
    void pagePicturesAndFilesInTheOrderAdded() throws Exception {
        HtmlReport html = new HtmlReport("t");
        List<String> files;
        try (ReportPictures pictures = new ReportPictures(tmp, html)) {
            html.heading("first");
            pictures.add("slow.png", () -> {
                sleep(200); // drawn last, placed first
                return square(3);
            }, "slow one");
            html.heading("second");
            pictures.add("fast.png", square(5), "fast one");
            files = pictures.finish();
        }
        assertEquals(List.of("slow.png", "fast.png"), files);
        assertArrayEquals(Png.bytes(square(3)), Files.readAllBytes(tmp.resolve("slow.png")));
        assertArrayEquals(Png.bytes(square(5)), Files.readAllBytes(tmp.resolve("fast.png")));
        String page = html.html();
        int first = page.indexOf("first");
        int slow = page.indexOf("slow one");
        int second = page.indexOf("second");
        int fast = page.indexOf("fast one");
        assertTrue(first < slow && slow < second && second < fast, page);
        assertTrue(page.contains(Png.dataUri(Png.bytes(square(3)))), "the slow picture embedded");
    }

    @Test
    void aPictureThatCannotBeWrittenIsNamed() {
        HtmlReport html = new HtmlReport("t");
        try (ReportPictures pictures = new ReportPictures(tmp.resolve("missing"), html)) {
            pictures.add("a.png", square(2), "a");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, pictures::finish);
            assertTrue(e.getMessage().contains("a.png"), e.getMessage());
        }
    }

    private static BufferedImage square(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        image.setRGB(side / 2, side / 2, 0xff8800);
        return image;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
