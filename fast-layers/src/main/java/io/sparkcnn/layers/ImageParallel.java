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
 * in thread hand-offs and OpenBLAS's spin-waiting than it gained on 2 cores. So while parts run, OpenBLAS runs one
 * thread per caller: {@link #forEachPart} sets it to 1 when it splits.
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
        forEachPart(images, (part, from, to) -> body.run(from, to));
    }

    static void forEachPart(int images, Part body) {
        int parts = parts(images);
        if (parts == 1) {
            body.run(0, 0, images);
            return;
        }
        if (Nd4j.factory().blas().getMaxThreads() != 1) {
            Nd4j.factory().blas().setMaxThreads(1);
        }
        List<Future<?>> others = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int part = p;
            int from = start(images, parts, p);
            int to = start(images, parts, p + 1);
            others.add(POOL.submit(() -> body.run(part, from, to)));
        }
        body.run(0, 0, start(images, parts, 1));
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
