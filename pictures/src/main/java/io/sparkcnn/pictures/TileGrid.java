package io.sparkcnn.pictures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.List;

/**
 * Small grayscale pictures (kernels, feature maps, digits) laid out in a grid, each pixel enlarged to a
 * {@code scale} x {@code scale} square so a person can see it, with a gap of background between tiles.
 * Tile values are in [0, 1]: 0 is black, 1 white.
 *
 * @param tileRows    height of every tile in values
 * @param tileCols    width of every tile in values
 * @param columns     tiles per grid row
 * @param rows        grid rows
 * @param scale       screen pixels per value, each way
 * @param gap         background pixels between tiles and around the grid
 */
public record TileGrid(int tileRows, int tileCols, int columns, int rows, int scale, int gap) {
    static final Color BACKGROUND = new Color(70, 90, 120);

    /** A grid for {@code count} tiles of one size, {@code columns} to a row. */
    public static TileGrid of(int count, int tileRows, int tileCols, int columns, int scale, int gap) {
        int cols = Math.max(1, Math.min(columns, count));
        return new TileGrid(tileRows, tileCols, cols, (count + cols - 1) / cols, scale, gap);
    }

    public int width() {
        return gap + columns * (tileCols * scale + gap);
    }

    public int height() {
        return gap + rows * (tileRows * scale + gap);
    }

    /** Left edge, in screen pixels, of tile {@code t} (tiles fill the grid row by row). */
    public int originX(int t) {
        return gap + (t % columns) * (tileCols * scale + gap);
    }

    public int originY(int t) {
        return gap + (t / columns) * (tileRows * scale + gap);
    }

    /** Draws the tiles, each {@code float[tileRows][tileCols]} with values in [0, 1]. */
    public BufferedImage render(List<float[][]> tiles) {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        fill(image, BACKGROUND);
        for (int t = 0; t < tiles.size(); t++) {
            draw(image, tiles.get(t), originX(t), originY(t), scale);
        }
        return image;
    }

    /** Paints one tile with its top-left corner at (x, y). */
    static void draw(BufferedImage image, float[][] tile, int x, int y, int scale) {
        for (int r = 0; r < tile.length; r++) {
            for (int c = 0; c < tile[r].length; c++) {
                int gray = level(tile[r][c]);
                square(image, x + c * scale, y + r * scale, scale, (gray << 16) | (gray << 8) | gray);
            }
        }
    }

    static void fill(BufferedImage image, Color color) {
        int[] pixels = rgbPixels(image);
        if (pixels != null) {
            Arrays.fill(pixels, color.getRGB() & 0xFFFFFF);
            return;
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, color.getRGB());
            }
        }
    }

    /**
     * Paints a {@code size} x {@code size} square of colour {@code rgb} at (x, y): into the image's own pixel array
     * when it has one of packed RGB values. {@code setRGB} converts each pixel through the colour model, which made
     * drawing most of a report's time (a JFR profile of {@code train}, BENCHMARKS.md).
     */
    private static void square(BufferedImage image, int x, int y, int size, int rgb) {
        int[] pixels = rgbPixels(image);
        if (pixels == null) {
            for (int dy = 0; dy < size; dy++) {
                for (int dx = 0; dx < size; dx++) {
                    image.setRGB(x + dx, y + dy, rgb);
                }
            }
            return;
        }
        int width = image.getWidth();
        for (int dy = 0; dy < size; dy++) {
            int row = (y + dy) * width + x;
            Arrays.fill(pixels, row, row + size, rgb & 0xFFFFFF);
        }
    }

    /** The pixel array of a {@code TYPE_INT_RGB} image (one packed value per pixel, row by row), else null. */
    private static int[] rgbPixels(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_INT_RGB
                && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
                && image.getRaster().getParent() == null ? buffer.getData() : null;
    }

    /**
     * Stretches a tile's values to [0, 1] by its own minimum and maximum, so a tile with a small range still shows
     * its pattern. A constant tile becomes black.
     */
    public static float[][] normalised(float[][] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : values) {
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float range = max - min;
        float[][] out = new float[values.length][];
        for (int r = 0; r < values.length; r++) {
            out[r] = new float[values[r].length];
            for (int c = 0; c < values[r].length; c++) {
                out[r][c] = range > 0 ? (values[r][c] - min) / range : 0f;
            }
        }
        return out;
    }

    /**
     * Paints an input image with its top-left corner at (x, y): {@code pixels} in [0, 1] as channel planes, one
     * (gray) or three (red, green, blue) planes of {@code rows x cols}.
     */
    static void drawImage(BufferedImage image, float[] pixels, int rows, int cols, int channels, int x, int y,
                          int scale) {
        if (channels != 3) {
            draw(image, tile(pixels, rows, cols), x, y, scale);
            return;
        }
        int plane = rows * cols;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int p = r * cols + c;
                int rgb = (level(pixels[p]) << 16) | (level(pixels[plane + p]) << 8) | level(pixels[2 * plane + p]);
                square(image, x + c * scale, y + r * scale, scale, rgb);
            }
        }
    }

    private static int level(float value) {
        return Math.round(255 * Math.max(0f, Math.min(1f, value)));
    }

    /** Flat row-major pixels as a rows x cols tile. */
    public static float[][] tile(float[] pixels, int rows, int cols) {
        float[][] t = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(pixels, r * cols, t[r], 0, cols);
        }
        return t;
    }
}
