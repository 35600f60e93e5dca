package io.sparkcnn.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import io.sparkcnn.models.ModelFixtures;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The pictures checked against the network they show: sizes against layer shapes, pixels against values. */
class PicturesTest {
    private final MultiLayerNetwork cnn = ModelFixtures.network("cnn", 9);

    @Test
    void kernelGridsFollowTheLayerShapesAndShowTheWeights() {
        Map<String, BufferedImage> pictures = KernelPictures.of(cnn);
        assertEquals(List.of("layer0-conv", "layer2-conv"), List.copyOf(pictures.keySet()));

        INDArray w0 = cnn.getLayer(0).getParam("W"); // [32, 1, 3, 3]
        TileGrid g0 = KernelPictures.grid(w0);
        assertEquals(8, g0.columns());
        assertEquals(4, g0.rows());
        assertEquals(g0.width(), pictures.get("layer0-conv").getWidth());
        assertEquals(g0.height(), pictures.get("layer0-conv").getHeight());

        INDArray w2 = cnn.getLayer(2).getParam("W"); // [32, 32, 3, 3]: a row per output, a column per input channel
        TileGrid g2 = KernelPictures.grid(w2);
        assertEquals(32, g2.columns());
        assertEquals(32, g2.rows());

        // Kernel (output 5, input 7) of layer 2: its largest weight is white, its smallest black, others between.
        int tile = 5 * 32 + 7;
        BufferedImage image = pictures.get("layer2-conv");
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                min = Math.min(min, w2.getFloat(5, 7, r, c));
                max = Math.max(max, w2.getFloat(5, 7, r, c));
            }
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int expected = Math.round(255 * (w2.getFloat(5, 7, r, c) - min) / (max - min));
                int x = g2.originX(tile) + c * g2.scale() + g2.scale() / 2;
                int y = g2.originY(tile) + r * g2.scale() + g2.scale() / 2;
                assertEquals(expected, gray(image, x, y), 1, "kernel (5,7) value (" + r + "," + c + ")");
            }
        }
    }

    @Test
    void featureMapsShowEachLayersActivationsBesideTheInput() {
        float[] pixels = new float[784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = ((i / 28) > 8 && (i / 28) < 20 && (i % 28) > 10 && (i % 28) < 17) ? 1f : 0f; // a bar
        }
        Map<String, BufferedImage> pictures = FeatureMapPictures.of(cnn, pixels, 28, 28, 1);
        assertEquals(List.of("layer0-conv", "layer1-pool", "layer2-conv", "layer3-pool"),
                List.copyOf(pictures.keySet()));

        INDArray conv = FeatureMapPictures.activations(cnn, pixels).get(0); // [1, 32, 26, 26]
        assertEquals(26, conv.size(2));
        TileGrid grid = FeatureMapPictures.grid(conv, 28);
        BufferedImage image = pictures.get("layer0-conv");
        int offset = FeatureMapPictures.gridOffsetX(28);
        assertEquals(offset + grid.width(), image.getWidth());

        // The input is drawn at the left: the bar is white, the corner black.
        int s = FeatureMapPictures.INPUT_SCALE;
        assertEquals(255, gray(image, 2 + 13 * s, 2 + 14 * s));
        assertEquals(0, gray(image, 2 + 1, 2 + 1));

        // Channel 3's map, normalised by its own range, at its place in the grid.
        float[][] expected = TileGrid.normalised(channel(conv, 3));
        for (int r = 0; r < 26; r += 5) {
            for (int c = 0; c < 26; c += 5) {
                int x = offset + grid.originX(3) + c * grid.scale();
                int y = grid.originY(3) + r * grid.scale();
                assertEquals(Math.round(255 * expected[r][c]), gray(image, x, y), 1, "channel 3 at " + r + "," + c);
            }
        }
    }

    @Test
    void confusionCellsAreShadedByTheirShareOfTheRow() {
        int[][] counts = {{8, 2}, {0, 5}};
        BufferedImage image = ConfusionHeatMap.render(counts, List.of("cat", "dog"));
        assertEquals(ConfusionHeatMap.shade(0.8).getRGB(), image.getRGB(ConfusionHeatMap.cellX(0, 2) + 2,
                ConfusionHeatMap.cellY(0, 2) + 2));
        assertEquals(ConfusionHeatMap.shade(0.2).getRGB(), image.getRGB(ConfusionHeatMap.cellX(1, 2) + 2,
                ConfusionHeatMap.cellY(0, 2) + 2));
        assertEquals(ConfusionHeatMap.shade(1.0).getRGB(), image.getRGB(ConfusionHeatMap.cellX(1, 2) + 2,
                ConfusionHeatMap.cellY(1, 2) + 2));
    }

    @Test
    void galleryPicksTheMostConfidentMistakesFirst() {
        float[][] p = {{0.9f, 0.1f}, {0.3f, 0.7f}, {0.05f, 0.95f}, {0.6f, 0.4f}};
        int[] labels = {0, 0, 0, 1};
        List<MistakeGallery.Mistake> wrong = MistakeGallery.mostConfidentlyWrong(p, labels, 5);
        assertEquals(List.of(2, 1, 3), wrong.stream().map(MistakeGallery.Mistake::index).toList());
        assertEquals(0.95, wrong.get(0).probability(), 1e-6);
        assertEquals(1, wrong.get(0).predicted());
        BufferedImage image = MistakeGallery.render(wrong, List.of(new float[4], new float[4], new float[4],
                new float[4]), 2, 2, 1, List.of("a", "b"));
        assertTrue(image.getWidth() > 3 * 96);
    }

    @Test
    void colourImagesAreDrawnInTheirColours() {
        float[] redGreen = {1f, 0f, 0f, 1f, 0f, 0f}; // 1x2: red plane, green plane, blue plane
        List<MistakeGallery.Mistake> wrong = List.of(new MistakeGallery.Mistake(0, 0, 1, 0.9));
        BufferedImage image = MistakeGallery.render(wrong, List.of(redGreen), 1, 2, 3, List.of("a", "b"));
        int x = 8 + (image.getWidth() - 16 - 2 * MistakeGallery.SCALE) / 2;
        assertEquals(0xFF0000, image.getRGB(x, 8) & 0xFFFFFF, "the first pixel is red");
        assertEquals(0x00FF00, image.getRGB(x + MistakeGallery.SCALE, 8) & 0xFFFFFF, "the second green");
    }

    @Test
    void aHundredClassConfusionMapStaysReadable() {
        int n = 100;
        int[][] counts = new int[n][n];
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < n; c++) {
            counts[c][c] = 9;
            counts[c][(c + 1) % n] = 1;
            names.add("class-" + c);
        }
        BufferedImage image = ConfusionHeatMap.render(counts, names);
        assertTrue(image.getWidth() <= 1500 && image.getHeight() <= 1500, image.getWidth() + "x" + image.getHeight());
        assertTrue(ConfusionHeatMap.cellSize(n) >= 12, "cells a label's height at least");
        assertEquals(ConfusionHeatMap.shade(0.9).getRGB(), image.getRGB(ConfusionHeatMap.cellX(99, n) + 2,
                ConfusionHeatMap.cellY(99, n) + 2));
        assertEquals(ConfusionHeatMap.shade(0.1).getRGB(), image.getRGB(ConfusionHeatMap.cellX(0, n) + 2,
                ConfusionHeatMap.cellY(99, n) + 2));
    }

    @Test
    void chartsAndReportAreSelfContained() {
        BufferedImage chart = Charts.perEpoch("loss", "loss", List.of(new Charts.Series("train", List.of(1.0, 0.5)),
                new Charts.Series("test", List.of(1.1, 0.7))));
        assertEquals(Charts.WIDTH, chart.getWidth());
        String html = new HtmlReport("a <run>").heading("curves").keyValues(Map.of("lr", 0.001))
                .picture(Png.bytes(chart), "loss").html();
        assertTrue(html.contains("<title>a &lt;run&gt;</title>"), html.substring(0, 200));
        assertTrue(html.contains("src=\"data:image/png;base64,iVBOR"), "the PNG is embedded");
        assertTrue(!html.contains("http://") && !html.contains("https://"), "no outside resources");
    }

    private static float[][] channel(INDArray maps, int ch) {
        float[][] m = new float[(int) maps.size(2)][(int) maps.size(3)];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                m[r][c] = maps.getFloat(0, ch, r, c);
            }
        }
        return m;
    }

    private static int gray(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xff;
    }
}
