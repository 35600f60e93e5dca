package io.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** Prepared shards on a real HDFS (MiniDFSCluster): written whole, read back equal, damage named. */
class PreparedShardsTest {
    @TempDir
    static Path tmp;

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static MiniHdfs hdfs;
    private static LabeledImages train;
    private static LabeledImages test;

    @BeforeAll
    static void start() throws IOException {
        hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        ResolvedDataset dataset = IdxFixtures.dataset(tmp.resolve("data"), 300, 70);
        train = dataset.loadTrain();
        test = dataset.loadTest();
    }

    @AfterAll
    static void stop() {
        hdfs.close();
    }

    private static PreparedShards prepare(String path) {
        return PreparedShards.write("fixture", DIGITS, train, test,
                new PreparedShards.Plan(3, 32, 5, 0), hdfs.uri(path));
    }

    @Test
    void writesShardsToHdfsAndReadsThemBackEqual() throws IOException {
        PreparedShards written = prepare("/data/good");
        PreparedShards opened = PreparedShards.open(hdfs.uri("/data/good"));
        PreparedShards.Manifest m = opened.manifest();
        assertEquals(PreparedShards.FORMAT, m.format());
        assertEquals(3, m.shards());
        assertEquals(300, m.trainImages());
        assertEquals(70, m.testImages());
        assertEquals(written.trainUris(), opened.trainUris());
        assertTrue(opened.trainUris().get(0).startsWith("hdfs://"), opened.trainUris().get(0));

        int images = 0;
        for (String uri : opened.trainUris()) {
            DataSet batch = MinibatchFiles.read(uri);
            assertTrue(batch.numExamples() <= 32);
            images += batch.numExamples();
        }
        assertEquals(300, images, "every training image once");

        LabeledImages back = opened.loadTest();
        assertArrayEquals(test.labels(), back.labels());
        float[] a = new float[784];
        float[] b = new float[784];
        test.copyPixels(69, a, 0);
        back.copyPixels(69, b, 0);
        assertArrayEquals(a, b, 0f);

        // Written whole, then renamed: nothing half-written is left beside it.
        FileStatus[] siblings = hdfs.fileSystem().listStatus(new org.apache.hadoop.fs.Path("/data"));
        assertEquals(List.of(), Arrays.stream(siblings).map(s -> s.getPath().getName()).filter(n -> n.startsWith("."))
                .toList(), "no staging directory left");
    }

    @Test
    void aCorruptedShardIsNamedWhenRead() throws IOException {
        PreparedShards shards = prepare("/data/corrupt");
        String victim = shards.trainUris().get(4);
        FileSystem fs = hdfs.fileSystem();
        byte[] bytes;
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(URI.create(victim)))) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 2] ^= 0x40;
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(URI.create(victim)), true)) {
            out.write(bytes);
        }
        PreparedShards.open(hdfs.uri("/data/corrupt")); // same size: only reading can tell
        DataException e = assertThrows(DataException.class, () -> MinibatchFiles.read(victim));
        assertTrue(e.getMessage().contains(victim) && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aMissingOrTruncatedShardIsNamedWhenOpened() throws IOException {
        PreparedShards shards = prepare("/data/damaged");
        FileSystem fs = hdfs.fileSystem();
        String missing = shards.trainUris().get(2);
        fs.delete(new org.apache.hadoop.fs.Path(URI.create(missing)), false);
        DataException e = assertThrows(DataException.class, () -> PreparedShards.open(hdfs.uri("/data/damaged")));
        assertTrue(e.getMessage().contains(missing.substring(missing.lastIndexOf('/') + 1))
                && e.getMessage().contains("missing"), e.getMessage());

        PreparedShards other = prepare("/data/truncated");
        String cut = other.testUris().get(0);
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(URI.create(cut)), true)) {
            out.write(new byte[10]);
        }
        DataException t = assertThrows(DataException.class, () -> PreparedShards.open(hdfs.uri("/data/truncated")));
        assertTrue(t.getMessage().contains("has 10 bytes"), t.getMessage());

        DataException none = assertThrows(DataException.class, () -> PreparedShards.open(hdfs.uri("/data/none")));
        assertTrue(none.getMessage().contains("no manifest.json"), none.getMessage());
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/data/none")));
    }

    @Test
    void aFileThatCannotBeWrittenFailsTheWholeWriteNamingTheDirectory() throws IOException {
        // Files go to HDFS several at once: a failure on a writer thread must still reach the caller, named.
        FileSystem fs = hdfs.fileSystem();
        org.apache.hadoop.fs.Path notADirectory = new org.apache.hadoop.fs.Path("/data/a-file");
        try (OutputStream out = fs.create(notADirectory, true)) {
            out.write(1);
        }
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(notADirectory, "train");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> MinibatchFiles.write(train, List.of(MinibatchFiles.range(train.size())), 16, fs, dir));
        assertTrue(e.getMessage().startsWith("cannot write minibatches under " + dir), e.getMessage());
    }
}
