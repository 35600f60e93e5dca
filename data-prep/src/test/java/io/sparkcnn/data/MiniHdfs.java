package io.sparkcnn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real HDFS (a NameNode and a DataNode) in this JVM, for tests; shared with other modules' tests. */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    public static MiniHdfs start(Path baseDir) {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
        try {
            return new MiniHdfs(new MiniDFSCluster.Builder(conf).numDataNodes(1).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start MiniDFSCluster under " + baseDir, e);
        }
    }

    /** {@code hdfs://127.0.0.1:PORT/path}. */
    public URI uri(String path) {
        return URI.create(cluster.getURI().toString() + path);
    }

    public FileSystem fileSystem() {
        try {
            return cluster.getFileSystem();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
