package io.sparkcnn.data;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Creates files on any Hadoop file system, cheaply on the local one. Without Hadoop's native library (not shipped
 * with Spark's Hadoop client), the local file system sets every new file's permissions by forking {@code chmod},
 * once for the file, once for its {@code .crc} checksum file and once for each directory it makes: about 2,500
 * processes and 20-30 s for the default run's minibatch files (BENCHMARKS.md). On {@code file://} paths the file is
 * written with java.nio instead: the same bytes, the permissions the process's umask gives (0644 where Hadoop's
 * default applies 0644), and no {@code .crc} file, which nothing needs: minibatch files carry their CRC32 in their
 * names, and Hadoop's local file system reads a file without a {@code .crc} unchecked. Other file systems (HDFS)
 * are untouched.
 */
public final class HadoopFiles {
    private HadoopFiles() {
    }

    /**
     * Opens {@code path} on {@code fs} for writing, creating missing parent directories; when {@code overwrite} is
     * false an existing file is an error, as with {@link FileSystem#create(Path, boolean)}.
     */
    public static OutputStream create(FileSystem fs, Path path, boolean overwrite) throws IOException {
        if (!isLocal(fs)) {
            return fs.create(path, overwrite);
        }
        java.nio.file.Path file = new File(fs.makeQualified(path).toUri()).toPath();
        Files.createDirectories(file.getParent());
        OpenOption[] options = overwrite
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                                    StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
        try {
            return Files.newOutputStream(file, options);
        } catch (FileAlreadyExistsException e) {
            throw new org.apache.hadoop.fs.FileAlreadyExistsException("file " + path + " already exists");
        }
    }

    /** Whether {@code fs} is this machine's disk, checksummed ({@code LocalFileSystem}) or raw. */
    public static boolean isLocal(FileSystem fs) {
        return "file".equals(fs.getUri().getScheme());
    }
}
