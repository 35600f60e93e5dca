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
 * thread (none when {@code ahead} is 0). A file that fails to load fails {@link #next} with its own error, where
 * DL4J's prefetching iterator swallowed it and left the task waiting forever.
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
            return loader.load(files.next());
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

    @Override
    public void close() {
        if (background != null) {
            background.shutdownNow();
        }
    }
}
