package io.sparkcnn.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes many small files, several at once on a remote file system. On HDFS, closing a file asks the namenode to
 * complete it, which it does only once a datanode has reported the file's block; when the report comes after the
 * client's request (as it often does for files written back to back), Hadoop's client sleeps before asking again,
 * 400 ms at first ({@code dfs.client.block.write.locateFollowingBlock.initial.delay.ms}). One file after another,
 * the full Fashion-MNIST's 940 minibatch files took about 4 minutes to prepare onto HDFS (BENCHMARKS.md); written
 * several at once, those waits overlap. On a local disk the files are written one after another, as fast as the
 * disk takes them. The bytes are made by the caller, in order; at most twice as many files as there are writers
 * wait in memory.
 */
final class ConcurrentWrites implements AutoCloseable {
    /** Files being written at once on a remote file system. */
    static final int REMOTE_WRITERS = 16;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final FileSystem fs;
    private final ExecutorService writers;
    private final Semaphore waiting;
    private final List<Future<?>> written = new ArrayList<>();

    ConcurrentWrites(FileSystem fs) {
        this.fs = fs;
        if (HadoopFiles.isLocal(fs)) {
            this.writers = null;
            this.waiting = null;
        } else {
            String name = "file-writer-" + POOLS.incrementAndGet() + "-";
            AtomicInteger threads = new AtomicInteger();
            this.writers = Executors.newFixedThreadPool(REMOTE_WRITERS, r -> {
                Thread t = new Thread(r, name + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.waiting = new Semaphore(2 * REMOTE_WRITERS);
        }
    }

    /** Writes {@code content} as {@code path}, replacing any file there; at once on a local disk, soon otherwise. */
    void write(Path path, byte[] content) throws IOException {
        if (writers == null) {
            writeNow(path, content);
            return;
        }
        try {
            waiting.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + path);
        }
        written.add(writers.submit(() -> {
            try {
                writeNow(path, content);
                return null;
            } finally {
                waiting.release();
            }
        }));
    }

    /** Waits until every file is written (once, after the last write); the first failure, if any, is thrown. */
    void finish() throws IOException {
        for (Future<?> f : written) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for files to be written");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (writers != null) {
            writers.shutdownNow();
        }
    }

    private void writeNow(Path path, byte[] content) throws IOException {
        try (OutputStream out = HadoopFiles.create(fs, path, true)) {
            out.write(content);
        }
    }
}
