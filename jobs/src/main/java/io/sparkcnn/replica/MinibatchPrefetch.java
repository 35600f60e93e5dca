package io.sparkcnn.replica;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.nd4j.linalg.dataset.DataSet;

/**
 * A task's minibatches in order, each loaded up to {@code ahead} files before it is needed, on one background
 * thread (none when {@code ahead} is 0). A file that fails to load fails {@link #next} (or {@link #readAhead}) with its
 * own error, where DL4J's prefetching iterator swallowed it and left the task waiting forever.
 *
 * <p>Without the background thread, the task can load files early on its own thread, at a time it would otherwise
 * wait ({@link #readAhead}): a thread woken to load costs the replica more than the loading on 2 busy cores
 * (BENCHMARKS.md, "Spark overhead").
 */
final class MinibatchPrefetch implements AutoCloseable {
    /** Loads one minibatch file. */
    interface Loader {
        DataSet load(String file) throws Exception;
    }

    private final Iterator<String> files;
    private final int ahead;
    private final Loader loader;
    private final ExecutorService background;
    private final Deque<Future<DataSet>> loading = new ArrayDeque<>();
    /** Loaded by {@link #readAhead}, for {@link #next} to return first. */
    private final Deque<DataSet> read = new ArrayDeque<>();

    MinibatchPrefetch(List<String> files, int ahead, Loader loader) {
        this.files = files.iterator();
        this.ahead = ahead;
        this.loader = loader;
        this.background = ahead == 0 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spark-cnn minibatch prefetch");
            t.setDaemon(true);
            return t;
        });
    }

    /** The next file's minibatch (the caller knows how many there are). */
    DataSet next() throws Exception {
        if (background == null) {
            return read.isEmpty() ? loader.load(files.next()) : read.removeFirst();
        }
        while (loading.size() <= ahead && files.hasNext()) {
            String file = files.next();
            loading.add(background.submit(() -> loader.load(file)));
        }
        try {
            return loading.removeFirst().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Loads the next {@code count} files (fewer if fewer are left) now, on this thread, for {@link #next} to return
     * in order. Does nothing when the background thread loads ahead anyway.
     */
    void readAhead(int count) throws Exception {
        for (int i = 0; background == null && i < count && files.hasNext(); i++) {
            read.add(loader.load(files.next()));
        }
    }

    @Override
    public void close() {
        if (background != null) {
            background.shutdownNow();
        }
    }
}
