package io.sparkcnn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A strict reader of the IDX format used by MNIST and its relatives, gzipped or not (told apart by gzip's own magic,
 * not by the file name). Images are unsigned bytes: 3 dimensions {@code N x H x W} (gray, magic 0x00000803), or 4
 * dimensions {@code N x H x W x C} with C 1 (gray) or 3 (RGB, each pixel's red, green and blue together, as NumPy
 * holds CIFAR-10; magic 0x00000804), turned into channel planes ({@link ImageShape}). Labels have 1 dimension, as
 * unsigned bytes (0x00000801, up to 256 classes), 16-bit (0x00000B01) or 32-bit (0x00000C01) big-endian integers.
 * Every way a file can be wrong ends in a {@link DataException} that names the file.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int RGB_IMAGES_MAGIC = 0x00000804;
    static final int LABELS_MAGIC = 0x00000801;
    static final int SHORT_LABELS_MAGIC = 0x00000B01;
    static final int INT_LABELS_MAGIC = 0x00000C01;
    private static final int MAX_ITEMS = 100_000_000;
    private static final String IMAGE_FILE = "an IDX image file (unsigned bytes: magic 0x00000803 with dimensions"
            + " N x H x W, or 0x00000804 with N x H x W x C, C 1 or 3)";

    private IdxReader() {
    }

    /** The size of the images an image file holds, from its header alone. */
    public static ImageShape readShape(Path file) {
        return read(file, in -> header(file, in).shape());
    }

    /** Reads an image file: any positive count, height and width, gray or RGB. */
    public static ImageSet readImages(Path file) {
        return read(file, in -> {
            Header h = header(file, in);
            ImageShape shape = h.shape();
            long size = (long) h.count() * shape.pixels();
            String what = h.count() + " images of " + shape.describe();
            if (size > Integer.MAX_VALUE - 8) {
                throw new DataException(file + ": " + what + " is too large to load");
            }
            byte[] pixels = readExactly(file, in, (int) size, what);
            expectEnd(file, in);
            return new ImageSet(file.toString(), h.count(), shape, h.interleaved() ? planes(pixels, shape) : pixels);
        });
    }

    /** Reads a label file; the values are checked against the class count by {@link LabeledImages}. */
    public static int[] readLabels(Path file) {
        return read(file, in -> {
            int magic = in.readInt();
            int width = switch (magic) {
                case LABELS_MAGIC -> 1;
                case SHORT_LABELS_MAGIC -> 2;
                case INT_LABELS_MAGIC -> 4;
                default -> throw new DataException(String.format("%s: wrong magic number 0x%08X, expected 0x%08X for"
                        + " an IDX label file (1 dimension of unsigned bytes; 0x%08X for 16-bit, 0x%08X for 32-bit"
                        + " labels)", file, magic, LABELS_MAGIC, SHORT_LABELS_MAGIC, INT_LABELS_MAGIC));
            };
            int count = positive(file, "label count", in.readInt());
            byte[] raw = readExactly(file, in, count * width, count + " labels of " + width + " byte(s)");
            expectEnd(file, in);
            return labels(raw, width, count);
        });
    }

    private record Header(int count, ImageShape shape, boolean interleaved) {
    }

    private static Header header(Path file, DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != IMAGES_MAGIC && magic != RGB_IMAGES_MAGIC) {
            throw new DataException(String.format("%s: wrong magic number 0x%08X, expected 0x%08X for %s", file,
                    magic, IMAGES_MAGIC, IMAGE_FILE));
        }
        int count = positive(file, "image count", in.readInt());
        int rows = positive(file, "rows", in.readInt());
        int cols = positive(file, "columns", in.readInt());
        int channels = magic == RGB_IMAGES_MAGIC ? positive(file, "channels", in.readInt()) : ImageShape.GRAY;
        java.util.List<String> problems = ImageShape.problems(rows, cols, channels);
        if (!problems.isEmpty()) {
            throw new DataException(file + ": " + String.join("; ", problems));
        }
        return new Header(count, new ImageShape(rows, cols, channels), channels > 1);
    }

    /** Pixels stored red, green, blue together (H x W x C) as channel planes (C x H x W), image by image. */
    private static byte[] planes(byte[] interleaved, ImageShape shape) {
        byte[] out = new byte[interleaved.length];
        int plane = shape.planeSize();
        int channels = shape.channels();
        for (int base = 0; base < interleaved.length; base += shape.pixels()) {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < channels; c++) {
                    out[base + c * plane + p] = interleaved[base + p * channels + c];
                }
            }
        }
        return out;
    }

    private static int[] labels(byte[] raw, int width, int count) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(raw);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = switch (width) {
                case 1 -> buffer.get() & 0xFF;
                case 2 -> buffer.getShort() & 0xFFFF;
                default -> buffer.getInt();
            };
        }
        return labels;
    }

    private interface Body<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> T read(Path file, Body<T> body) {
        try (InputStream raw = open(file); DataInputStream in = new DataInputStream(raw)) {
            return body.read(in);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": file not found");
        } catch (AccessDeniedException e) {
            throw new DataException(file + ": permission denied (the file must be readable)");
        } catch (ZipException e) {
            throw new DataException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataException(file + ": truncated: the file ends inside its header or gzip stream", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new DataException(file + ": is a directory, expected an IDX file");
        }
        if (Files.exists(file) && Files.size(file) == 0) {
            throw new DataException(file + ": file is empty, expected an IDX file");
        }
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        boolean gzipped = b1 == 0x1f && b2 == 0x8b;
        return gzipped ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    private static int positive(Path file, String field, int value) {
        if (value <= 0 || value > MAX_ITEMS) {
            throw new DataException(file + ": header field '" + field + "' is " + value
                    + ", expected a number from 1 to " + MAX_ITEMS);
        }
        return value;
    }

    private static byte[] readExactly(Path file, DataInputStream in, int size, String what) throws IOException {
        if (size < 0) {
            throw new DataException(file + ": " + what + " is too large to load");
        }
        byte[] data = new byte[size];
        int read = in.readNBytes(data, 0, size);
        if (read < size) {
            throw new DataException(file + ": truncated: the header promises " + what + " (" + size
                    + " bytes) but only " + read + " bytes follow");
        }
        return data;
    }

    private static void expectEnd(Path file, DataInputStream in) throws IOException {
        long extra = in.skip(Long.MAX_VALUE);
        while (in.read() != -1) {
            extra++;
            extra += in.skip(Long.MAX_VALUE);
        }
        if (extra > 0) {
            throw new DataException(file + ": " + extra + " unexpected bytes after the data the header describes");
        }
    }
}
