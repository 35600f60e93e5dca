package io.sparkcnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches as files: each shard is cut into minibatches, so that executors read their data from a file system
 * instead of receiving it through the driver, and the data is written once for all epochs. Paths are Hadoop URIs,
 * so the same code serves a local disk and HDFS.
 *
 * <p>A file holds the images' original bytes and labels (layout below), a quarter of ND4J's DataSet format
 * (4-byte floats), and decodes into the same DataSet with one pass: ND4J's own reader took one stream call per
 * float, 5 ms a minibatch on an executor, a sixth of a replica's time in a Spark epoch (BENCHMARKS.md).
 * <pre>
 * "SCMB"  version (int, 2)  images  rows  cols  channels  classes (ints)     big-endian header, 28 bytes
 * pixels: images x channels x rows x cols unsigned bytes (channel planes)    labels: images x 2-byte unsigned
 * </pre>
 *
 * <p>Every file's name ends with the CRC32 of its bytes ({@code shard-000-batch-00012-1a2b3c4d.bin}), so whoever
 * reads a file, on any executor, can tell a corrupted one from a good one without asking anybody.
 */
public final class MinibatchFiles {
    private static final Pattern CRC_IN_NAME = Pattern.compile("-([0-9a-f]{8})\\.bin$");
    private static final byte[] MAGIC = "SCMB".getBytes(StandardCharsets.US_ASCII);
    /** 2: a channel count in the header and labels of two bytes (up to 1,000 classes); 1 had neither. */
    private static final int FILE_VERSION = 2;
    private static final int HEADER_BYTES = MAGIC.length + 6 * Integer.BYTES;
    /** Each byte's pixel value, {@code b / 255f} as {@link LabeledImages#copyPixels} scales it: one load per pixel. */
    private static final float[] PIXEL_VALUES = new float[256];

    static {
        for (int b = 0; b < PIXEL_VALUES.length; b++) {
            PIXEL_VALUES[b] = b / 255f;
        }
    }

    private MinibatchFiles() {
    }

    /** One written minibatch: its file name in its directory, its images, its size and the CRC32 of its bytes. */
    public record Entry(String name, int images, long bytes, String crc32) {
    }

    /**
     * Writes {@code shards} of {@code data} (lists of example indices) as minibatches of at most
     * {@code batchSize} examples into {@code dir}, shard by shard.
     */
    public static List<Entry> write(LabeledImages data, List<int[]> shards, int batchSize, FileSystem fs, Path dir) {
        List<Entry> entries = new ArrayList<>();
        try (ConcurrentWrites files = new ConcurrentWrites(fs)) {
            for (int s = 0; s < shards.size(); s++) {
                int[] shard = shards.get(s);
                for (int start = 0, b = 0; start < shard.length; start += batchSize, b++) {
                    int end = Math.min(shard.length, start + batchSize);
                    byte[] content = encode(data, shard, start, end);
                    String crc = crc32(content);
                    String name = String.format("shard-%03d-batch-%05d-%s.bin", s, b, crc);
                    files.write(new Path(dir, name), content);
                    entries.add(new Entry(name, end - start, content.length, crc));
                }
            }
            files.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write minibatches under " + dir + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** {@link #write} into the directory {@code dir} (any Hadoop URI); returns the files' URIs in order. */
    public static List<String> write(LabeledImages data, List<int[]> shards, int batchSize, URI dir) {
        try {
            FileSystem fs = FileSystem.get(dir, new Configuration());
            Path base = new Path(dir);
            return write(data, shards, batchSize, fs, base).stream().map(e -> new Path(base, e.name()).toString())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write minibatches under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Examples {@code indices[start..end)} in this class's file layout. */
    public static byte[] encode(LabeledImages data, int[] indices, int start, int end) {
        int n = end - start;
        ImageShape shape = data.shape();
        int pixels = shape.pixels();
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + n * pixels + n * Short.BYTES);
        out.put(MAGIC).putInt(FILE_VERSION).putInt(n).putInt(shape.rows()).putInt(shape.cols())
                .putInt(shape.channels()).putInt(data.numClasses());
        byte[] image = new byte[pixels];
        for (int i = start; i < end; i++) {
            data.copyRawPixels(indices[i], image, 0);
            out.put(image);
        }
        for (int i = start; i < end; i++) {
            out.putShort((short) data.label(indices[i]));
        }
        return out.array();
    }

    /**
     * Examples {@code indices[start..end)} as a DataSet: flat [n, channels*rows*cols] pixels in [0,1] (channel
     * planes), one-hot labels.
     */
    public static DataSet toDataSet(LabeledImages data, int[] indices, int start, int end) {
        int n = end - start;
        int pixels = data.shape().pixels();
        float[] features = new float[n * pixels];
        float[] labels = new float[n * data.numClasses()];
        for (int i = 0; i < n; i++) {
            int index = indices[start + i];
            data.copyPixels(index, features, i * pixels);
            labels[i * data.numClasses() + data.label(index)] = 1f;
        }
        INDArray f = Nd4j.create(features, new long[] {n, pixels}, 'c');
        INDArray l = Nd4j.create(labels, new long[] {n, data.numClasses()}, 'c');
        return new DataSet(f, l);
    }

    /** Reads one minibatch file back, checking it against the CRC32 in its name, with Hadoop's default settings. */
    public static DataSet read(String uri) {
        return read(uri, new Configuration());
    }

    /**
     * Reads one minibatch file back (on executors), checking it against the CRC32 in its name. {@code hadoop} is the
     * caller's to keep: a new {@code Configuration} parses Hadoop's default XML files again when the file system is
     * looked up (~2 ms, a third of an executor's evaluation time when it was made per file).
     *
     * <p>A {@code file:} URI is read with java.nio, as {@link HadoopFiles} writes it: Hadoop's local file system
     * would look the file system up in its cache (the user's identity first), ask for the file's status and wrap the
     * stream twice, for every file of every round (BENCHMARKS.md, "Spark overhead").
     */
    public static DataSet read(String uri, Configuration hadoop) {
        try {
            URI address = URI.create(uri);
            if ("file".equals(address.getScheme()) && !address.isOpaque() && address.getAuthority() == null) {
                return decode(uri, Files.readAllBytes(java.nio.file.Path.of(address)));
            }
            FileSystem fs = FileSystem.get(address, hadoop);
            if (fs instanceof ChecksumFileSystem checked && CRC_IN_NAME.matcher(uri).find()) {
                // The file's name carries its CRC32, checked in decode: Hadoop's checksummed local file system would
                // look for a .crc file beside it at every open as well.
                fs = checked.getRawFileSystem();
            }
            try (InputStream in = fs.open(new Path(uri))) {
                return decode(uri, in.readAllBytes());
            }
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            throw new DataException("minibatch file " + uri
                    + " is missing (deleted after the shards were prepared?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read minibatch " + uri + ": " + e.getMessage(), e);
        }
    }

    /** A minibatch from the bytes of the file at {@code uri}, which must match the CRC32 its name carries. */
    public static DataSet decode(String uri, byte[] content) {
        Matcher m = CRC_IN_NAME.matcher(uri);
        if (m.find() && !m.group(1).equals(crc32(content))) {
            throw new DataException("minibatch file " + uri + " is corrupt: its bytes have CRC32 " + crc32(content)
                    + ", its name says " + m.group(1) + " (" + content.length + " bytes); prepare the shards again");
        }
        ByteBuffer in = ByteBuffer.wrap(content);
        byte[] magic = new byte[MAGIC.length];
        if (content.length >= HEADER_BYTES) {
            in.get(magic);
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new DataException("minibatch file " + uri + " is not a spark-cnn minibatch file (it does not start"
                    + " with \"SCMB\"); prepare the shards again");
        }
        int version = in.getInt();
        if (version != FILE_VERSION) {
            throw new DataException("minibatch file " + uri + " has format version " + version + ", expected "
                    + FILE_VERSION + "; prepare the shards again");
        }
        int n = in.getInt(), rows = in.getInt(), cols = in.getInt(), channels = in.getInt(), classes = in.getInt();
        long values = (long) n * rows * cols * channels;
        long expected = HEADER_BYTES + values + (long) n * Short.BYTES;
        if (n < 1 || rows < 1 || cols < 1 || channels < 1 || classes < 1 || content.length != expected) {
            throw new DataException("minibatch file " + uri + " is damaged: its header says " + n + " images of "
                    + rows + "x" + cols + "x" + channels + " and " + classes + " classes, which take " + expected
                    + " bytes; it has " + content.length);
        }
        int pixels = (int) values;
        float[] features = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            features[i] = PIXEL_VALUES[content[HEADER_BYTES + i] & 0xFF];
        }
        in.position(HEADER_BYTES + pixels);
        float[] labels = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int label = in.getShort() & 0xFFFF;
            if (label >= classes) {
                throw new DataException("minibatch file " + uri + " is damaged: image " + i + " has label " + label
                        + ", expected 0.." + (classes - 1));
            }
            labels[i * classes + label] = 1f;
        }
        return new DataSet(Nd4j.create(features, new long[] {n, (long) rows * cols * channels}, 'c'),
                Nd4j.create(labels, new long[] {n, classes}, 'c'));
    }

    static String crc32(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return String.format("%08x", crc.getValue());
    }

    /** Indices 0..n-1: the test set is evaluated in file order. */
    public static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
