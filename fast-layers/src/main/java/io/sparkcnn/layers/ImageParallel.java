package io.sparkcnn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Splits the images of a minibatch into contiguous ranges run in parallel, as many as ND4J may use threads (the
 * replica's share of the cores: {@code spark-cnn} lowers it when several replicas share a machine). The caller's
 * thread takes the first range.
 */
final class ImageParallel {
    /** A body over images [from, to). */
    interface Range {
        void run(int from, int to);
    }

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fast-layers");
        t.setDaemon(true);
        return t;
    });

    private ImageParallel() {
    }

    static void forEach(int images, Range body) {
        forEach(new ImageChunk(0, images), body);
    }

    static void forEach(ImageChunk chunk, Range body) {
        int images = chunk.images();
        int parts = Math.max(1, Math.min(images, Nd4j.getEnvironment().maxMasterThreads()));
        if (parts == 1) {
            body.run(chunk.first(), chunk.end());
            return;
        }
        List<Future<?>> others = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = chunk.first() + start(images, parts, p);
            int to = chunk.first() + start(images, parts, p + 1);
            others.add(POOL.submit(() -> body.run(from, to)));
        }
        body.run(chunk.first(), chunk.first() + start(images, parts, 1));
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a layer's worker thread", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    private static int start(int images, int parts, int part) {
        return (int) ((long) images * part / parts);
    }
}
