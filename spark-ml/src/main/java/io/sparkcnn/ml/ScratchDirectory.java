package io.sparkcnn.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a fit writes its minibatch files for the executors to read, deleted when the fit ends (however it ends):
 * a new directory under the user's {@code scratchDir} (any Hadoop URI: HDFS on a cluster), or a temporary directory
 * on the driver's disk, which executors in local mode or on the driver's machine can read.
 */
final class ScratchDirectory implements AutoCloseable {
    private final FileSystem fs;
    private final Path root;

    private ScratchDirectory(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    static ScratchDirectory create(String scratchDir, String uid, Configuration hadoop) {
        try {
            if (scratchDir.isEmpty()) {
                java.nio.file.Path local = Files.createTempDirectory("spark-cnn-fit-");
                return new ScratchDirectory(FileSystem.getLocal(hadoop), new Path(local.toUri()));
            }
            Path root = new Path(new Path(scratchDir), "spark-cnn-fit-" + uid + "-" + UUID.randomUUID());
            FileSystem fs = root.getFileSystem(hadoop);
            if (!fs.mkdirs(root)) {
                throw new IOException("mkdirs returned false");
            }
            return new ScratchDirectory(fs, fs.makeQualified(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory for fit under scratchDir '" + scratchDir
                    + "': " + e.getMessage(), e);
        }
    }

    /** Where the prepared shards go. */
    URI shards() {
        return new Path(root, "shards").toUri();
    }

    @Override
    public void close() {
        try {
            fs.delete(root, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete fit's scratch directory " + root + ": " + e.getMessage(), e);
        }
    }
}
