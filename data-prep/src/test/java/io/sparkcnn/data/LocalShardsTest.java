package io.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Shards on the local disk are written with java.nio (HadoopFiles), not through Hadoop's local file system, which
 * forks {@code chmod} for every file and its {@code .crc}: the same files come out, without checksum files, and
 * read back through Hadoop as before.
 */
class LocalShardsTest {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    @TempDir
    Path tmp;

    @Test
    void localShardsHaveNoChecksumFilesAndReadBackEqual() throws IOException {
        ResolvedDataset dataset = IdxFixtures.dataset(tmp.resolve("data"), 200, 50);
        LabeledImages train = dataset.loadTrain();
        LabeledImages test = dataset.loadTest();
        PreparedShards written = PreparedShards.write("fixture", DIGITS, train, test,
                new PreparedShards.Plan(2, 32, 5, 0), tmp.resolve("shards").toUri());

        try (Stream<Path> files = Files.walk(tmp.resolve("shards"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains(PreparedShards.MANIFEST), names.toString());
            assertFalse(names.stream().anyMatch(n -> n.endsWith(".crc")), "no checksum files: " + names);
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertFalse(siblings.anyMatch(p -> p.getFileName().toString().contains(".partial-")),
                    "the staging directory was renamed into place");
        }

        PreparedShards opened = PreparedShards.open(tmp.resolve("shards").toUri());
        assertEquals(written.trainUris(), opened.trainUris());
        assertTrue(opened.trainUris().get(0).startsWith("file:"), opened.trainUris().get(0));
        int images = 0;
        for (String uri : opened.trainUris()) {
            DataSet batch = MinibatchFiles.read(uri);
            images += batch.numExamples();
        }
        assertEquals(200, images, "every training image once");
        assertArrayEquals(test.labels(), opened.loadTest().labels());
    }

    @Test
    void createMakesParentsAndRefusesAnExistingFileUnlessOverwriting() throws IOException {
        LocalFileSystem local = FileSystem.getLocal(new Configuration());
        assertTrue(HadoopFiles.isLocal(local));
        assertTrue(HadoopFiles.isLocal(local.getRaw()));
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.toUri().toString(), "a/b/file.bin");
        try (OutputStream out = HadoopFiles.create(local, file, false)) {
            out.write(new byte[] {1, 2, 3});
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(tmp.resolve("a/b/file.bin")));

        IOException refused = assertThrows(IOException.class, () -> HadoopFiles.create(local, file, false).close());
        assertTrue(refused.getMessage().contains("a/b/file.bin") && refused.getMessage().contains("already exists"),
                refused.getMessage());

        try (OutputStream out = HadoopFiles.create(local, file, true)) {
            out.write(new byte[] {4});
        }
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(tmp.resolve("a/b/file.bin")), "truncated, rewritten");
    }
}
