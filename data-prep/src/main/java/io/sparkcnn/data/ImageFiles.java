package io.sparkcnn.data;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A picture file (PNG, JPEG, GIF or BMP, any size, colour or not) turned into what a network trained on MNIST or a
 * relative expects: 28x28 grayscale, a bright object on a dark background, pixels in [0, 1], framed as the dataset
 * framed its images. Networks trained on other images take pictures as {@link PictureFiles#read} resizes them.
 */
public final class ImageFiles {
    public static final int SIZE = 28;
    /** Pixels at least this bright (after any inversion) belong to the object when finding its bounding box. */
    static final float OBJECT_THRESHOLD = 0.1f;

    private ImageFiles() {
    }

    /** The file's picture as {@code SIZE*SIZE} row-major pixels in [0, 1]. */
    public static float[] read(Path file, ImageFraming framing) {
        return prepare(PictureFiles.decode(file), framing);
    }

    /** The conversion itself: grayscale, polarity, crop, scale into the framing's box, centre in 28x28. */
    public static float[] prepare(BufferedImage image, ImageFraming framing) {
        float[][] gray = grayscale(image);
        if (borderMean(gray) > 0.5f) {
            invert(gray); // a dark object on a light background, as photos and drawings usually are
        }
        int[] box = boundingBox(gray);
        int top = box[0];
        int left = box[1];
        int h = box[2] - top + 1;
        int w = box[3] - left + 1;
        double scale = (double) framing.box() / Math.max(h, w);
        int sh = Math.max(1, (int) Math.round(h * scale));
        int sw = Math.max(1, (int) Math.round(w * scale));
        float[][] scaled = resize(gray, top, left, h, w, sh, sw);

        int offsetRow = (SIZE - sh) / 2;
        int offsetCol = (SIZE - sw) / 2;
        if (framing.centreOfMass()) {
            double[] com = centreOfMass(scaled);
            offsetRow = clamp((int) Math.round(SIZE / 2.0 - com[0]), 0, SIZE - sh);
            offsetCol = clamp((int) Math.round(SIZE / 2.0 - com[1]), 0, SIZE - sw);
        }
        float[] out = new float[SIZE * SIZE];
        for (int r = 0; r < sh; r++) {
            for (int c = 0; c < sw; c++) {
                out[(offsetRow + r) * SIZE + offsetCol + c] = scaled[r][c];
            }
        }
        return out;
    }

    /** Luminance in [0, 1]; transparent pixels count as white paper. */
    static float[][] grayscale(BufferedImage image) {
        float[][] g = new float[image.getHeight()][image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                float a = ((argb >>> 24) & 0xff) / 255f;
                float lum = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff))
                        / 255f;
                g[y][x] = a * lum + (1 - a);
            }
        }
        return g;
    }

    private static float borderMean(float[][] g) {
        double sum = 0;
        int n = 0;
        int h = g.length;
        int w = g[0].length;
        for (int x = 0; x < w; x++) {
            sum += g[0][x] + g[h - 1][x];
            n += 2;
        }
        for (int y = 0; y < h; y++) {
            sum += g[y][0] + g[y][w - 1];
            n += 2;
        }
        return (float) (sum / n);
    }

    private static void invert(float[][] g) {
        for (float[] row : g) {
            for (int x = 0; x < row.length; x++) {
                row[x] = 1 - row[x];
            }
        }
    }

    /** {top, left, bottom, right} of the pixels above the threshold; the whole picture when there are none. */
    private static int[] boundingBox(float[][] g) {
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        for (int y = 0; y < g.length; y++) {
            for (int x = 0; x < g[y].length; x++) {
                if (g[y][x] >= OBJECT_THRESHOLD) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return bottom < 0 ? new int[] {0, 0, g.length - 1, g[0].length - 1} : new int[] {top, left, bottom, right};
    }

    /** The crop resized with area averaging (Java's SCALE_AREA_AVERAGING), which keeps thin strokes visible. */
    private static float[][] resize(float[][] g, int top, int left, int h, int w, int sh, int sw) {
        BufferedImage crop = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = Math.round(255 * g[top + y][left + x]);
                crop.getRaster().setSample(x, y, 0, v);
            }
        }
        Image scaledImage = crop.getScaledInstance(sw, sh, Image.SCALE_AREA_AVERAGING);
        BufferedImage scaled = new BufferedImage(sw, sh, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = scaled.createGraphics();
        graphics.drawImage(scaledImage, 0, 0, null);
        graphics.dispose();
        float[][] out = new float[sh][sw];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                out[y][x] = scaled.getRaster().getSample(x, y, 0) / 255f;
            }
        }
        return out;
    }

    private static double[] centreOfMass(float[][] g) {
        double mass = 0;
        double rows = 0;
        double cols = 0;
        for (int y = 0; y < g.length; y++) {
            for (int x = 0; x < g[y].length; x++) {
                mass += g[y][x];
                rows += g[y][x] * (y + 0.5);
                cols += g[y][x] * (x + 0.5);
            }
        }
        return mass == 0 ? new double[] {g.length / 2.0, g[0].length / 2.0} : new double[] {rows / mass, cols / mass};
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }
}
