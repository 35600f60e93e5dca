package io.sparkcnn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Data parallelism inside a replica: the images of a minibatch are split into one contiguous part per thread ND4J
 * may use (the replica's share of the cores: {@code spark-cnn} lowers it when several replicas share a machine), and
 * each part runs start to finish on its own thread, GEMMs included. The caller's thread takes part 0.
 *
 * <p>Splitting each small step instead (every chunk's im2col, every GEMM through OpenBLAS's own threads) cost more
 * in thread hand-offs and OpenBLAS's spin-waiting than it gained on 2 cores. So once the layers split a minibatch,
 * OpenBLAS runs one thread per caller for the rest of the process ({@link #forEachPart} sets it to 1, a process-wide
 * setting): the layers' own parts replace its threads, DL4J's remaining GEMMs (dense layers) run single-threaded.
 */
final class ImageParallel {
    /** A body over part {@code part}: images [from, to). */
    interface Part {
        void run(int part, int from, int to);
    }

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

    /** How many parts {@code images} images are split into. */
    static int parts(int images) {
        return Math.max(1, Math.min(images, Nd4j.getEnvironment().maxMasterThreads()));
    }

    static void forEach(int images, Range body) {
        forEachPart(images, parts(images), (part, from, to) -> body.run(from, to));
    }

    /** Runs {@code body} on {@code parts} parts (from {@link #parts}, read once by the caller who sizes per-part state). */
    static void forEachPart(int images, int parts, Part body) {
        if (parts == 1) {
            body.run(0, 0, images);
            return;
        }
        if (Nd4j.factory().blas().getMaxThreads() != 1) {
            Nd4j.factory().blas().setMaxThreads(1);
        }
        List<Future<?>> others = new ArrayList<>(parts - 1);
        try {
            for (int p = 1; p < parts; p++) {
                int part = p;
                int from = start(images, parts, p);
                int to = start(images, parts, p + 1);
                others.add(POOL.submit(() -> body.run(part, from, to)));
            }
            body.run(0, 0, start(images, parts, 1));
        } finally {
            awaitAll(others);
        }
    }

    /**
     * Waits for every part, even when one failed or this thread is interrupted (Spark cancels tasks so): a part
     * still running would go on writing into the layer's buffers after the layer gave up on them.
     */
    private static void awaitAll(List<Future<?>> parts) {
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<?> f : parts) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            if (failure == null) {
                failure = new IllegalStateException("interrupted while waiting for a layer's worker threads");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static int start(int images, int parts, int part) {
        return (int) ((long) images * part / parts);
    }
}
