package io.sparkcnn.data;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Picture files (PNG, JPEG, GIF, BMP) as a dataset's pixels: decoded, resized when asked, and laid out as channel
 * planes ({@link ImageShape}), gray or RGB. Transparent pixels count as white paper.
 */
public final class PictureFiles {
    /** The file name endings read as pictures, in lower case. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "gif", "bmp");

    private PictureFiles() {
    }

    /** Whether the file's name ends in one of {@link #EXTENSIONS} (any case). */
    public static boolean isPicture(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** The decoded picture; a file that is missing or not a picture is an error naming it. */
    public static BufferedImage decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + " does not exist or is not a file");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataException(file + " cannot be decoded as an image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new DataException(file + " is not an image: expected a PNG, JPEG, GIF or BMP file (or an IDX"
                    + " image file)");
        }
        return image;
    }

    /** The picture's bytes decoded, for images stored inside other files (Parquet); {@code what} names them. */
    public static BufferedImage decode(byte[] bytes, String what) {
        BufferedImage image;
        try {
            image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new DataException(what + " cannot be decoded as an image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new DataException(what + " is not an image: expected the bytes of a PNG, JPEG, GIF or BMP file");
        }
        return image;
    }

    /** 1 for a picture stored gray, 3 for one stored in colour (RGB, or a palette of colours). */
    public static int channelsOf(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() >= ImageShape.RGB ? ImageShape.RGB : ImageShape.GRAY;
    }

    /** The picture's height, width and channels. */
    public static ImageShape shapeOf(BufferedImage image) {
        return new ImageShape(image.getHeight(), image.getWidth(), channelsOf(image));
    }

    /** The picture's pixels (0-255) as {@code channels} planes: gray by luminance, or red, green and blue. */
    public static byte[] planes(BufferedImage image, int channels) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        byte[] out = new byte[plane * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                float alpha = ((argb >>> 24) & 0xff) / 255f;
                float r = onWhite((argb >> 16) & 0xff, alpha);
                float g = onWhite((argb >> 8) & 0xff, alpha);
                float b = onWhite(argb & 0xff, alpha);
                int p = y * w + x;
                if (channels == ImageShape.GRAY) {
                    out[p] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
                } else {
                    out[p] = (byte) Math.round(r);
                    out[plane + p] = (byte) Math.round(g);
                    out[2 * plane + p] = (byte) Math.round(b);
                }
            }
        }
        return out;
    }

    private static float onWhite(int value, float alpha) {
        return alpha * value + (1 - alpha) * 255;
    }

    /** The picture resized to {@code rows x cols} by area averaging (Java's SCALE_AREA_AVERAGING). */
    public static BufferedImage resized(BufferedImage image, int rows, int cols) {
        if (image.getHeight() == rows && image.getWidth() == cols) {
            return image;
        }
        Image scaled = image.getScaledInstance(cols, rows, Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = out.createGraphics();
        graphics.drawImage(scaled, 0, 0, null);
        graphics.dispose();
        return out;
    }

    /** A picture file as a network's input of {@code shape}: resized, in its channels, pixels in [0, 1]. */
    public static float[] read(Path file, ImageShape shape) {
        byte[] planes = planes(resized(decode(file), shape.rows(), shape.cols()), shape.channels());
        float[] out = new float[planes.length];
        for (int i = 0; i < planes.length; i++) {
            out[i] = (planes[i] & 0xFF) / 255f;
        }
        return out;
    }
}
