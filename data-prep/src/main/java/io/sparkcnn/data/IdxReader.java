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
 * A strict reader of the IDX format used by MNIST and its relatives: unsigned-byte images (magic 0x00000803)
 * and labels (magic 0x00000801), gzipped or not (told apart by gzip's own magic, not by the file name).
 * Every way a file can be wrong ends in a {@link DataException} that names the file.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_ITEMS = 100_000_000;

    private IdxReader() {
    }

    /** Reads an image file: any positive count and any positive number of rows and columns. */
    public static ImageSet readImages(Path file) {
        return read(file, in -> {
            expectMagic(file, in.readInt(), IMAGES_MAGIC, "an IDX image file (unsigned bytes, 3 dimensions)");
            int count = positive(file, "image count", in.readInt());
            int rows = positive(file, "rows", in.readInt());
            int cols = positive(file, "columns", in.readInt());
            long size = (long) count * rows * cols;
            if (size > Integer.MAX_VALUE - 8) {
                throw new DataException(file + ": " + count + " images of " + rows + "x" + cols
                        + " pixels is too large to load");
            }
            byte[] pixels = readExactly(file, in, (int) size, count + " images of " + rows + "x" + cols + " pixels");
            expectEnd(file, in);
            return new ImageSet(file.toString(), count, rows, cols, pixels);
        });
    }

    /** Reads a label file; the values are checked against the class count by {@link LabeledImages}. */
    public static byte[] readLabels(Path file) {
        return read(file, in -> {
            expectMagic(file, in.readInt(), LABELS_MAGIC, "an IDX label file (unsigned bytes, 1 dimension)");
            int count = positive(file, "label count", in.readInt());
            byte[] labels = readExactly(file, in, count, count + " labels");
            expectEnd(file, in);
            return labels;
        });
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

    private static void expectMagic(Path file, int found, int expected, String what) {
        if (found != expected) {
            throw new DataException(String.format("%s: wrong magic number 0x%08X, expected 0x%08X for %s",
                    file, found, expected, what));
        }
    }

    private static int positive(Path file, String field, int value) {
        if (value <= 0 || value > MAX_ITEMS) {
            throw new DataException(file + ": header field '" + field + "' is " + value
                    + ", expected a number from 1 to " + MAX_ITEMS);
        }
        return value;
    }

    private static byte[] readExactly(Path file, DataInputStream in, int size, String what) throws IOException {
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
