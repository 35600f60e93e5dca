package io.sparkcnn.layers.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Data parallelism inside a replica: a layer's work is cut into tasks (contiguous runs of the minibatch's images, or
 * a convolution's cache-sized chunks), and one worker per thread ND4J may use (the replica's share of the cores:
 * {@code spark-cnn} lowers it when several replicas share a machine) takes the next task until none is left. The
 * caller's thread is worker 0 and does its share, GEMMs included.
 *
 * <p>Why tasks are taken, not dealt: with one fixed half each, the replica's main thread waited ~15 % of its time for
 * the other half, whose thread had lost its core for a while (to the JIT compiler, the GC, or anything else on the
 * machine) though both halves were the same work. A worker that gets its core back late now finds less left to do.
 * Results do not depend on which worker ran which task: what is summed across tasks (a convolution's weight
 * gradient, batch norm's statistics) is kept per task and added up in task order afterwards.
 *
 * <p>The workers other than the caller are a {@link SpinningTeam}, whose threads spin for a while between sections
 * instead of going back to sleep in a thread pool (waking one cost ~40 µs here, some 15 times a minibatch); a second
 * caller while the team is busy, or one with another worker count, uses the pool.
 *
 * <p>Splitting each small step instead (every chunk's im2col, every GEMM through OpenBLAS's own threads) cost more
 * in thread hand-offs and OpenBLAS's spin-waiting than it gained on 2 cores. So once the layers split their work,
 * OpenBLAS runs one thread per caller for the rest of the process ({@link #run} sets it to 1, a process-wide
 * setting): the workers replace its threads, DL4J's remaining GEMMs run single-threaded.
 */
public final class ImageParallel {
    /** A body over one task, run by worker {@code worker} (for its own scratch buffers; 0 is the caller). */
    public interface Task {
        void run(int worker, int task);
    }

    /** A body over part {@code part}: images [from, to), run by worker {@code worker}. */
    public interface Part {
        void run(int worker, int part, int from, int to);
    }

    /** A body over images [from, to). */
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Parts per worker for {@link #parts}: enough that a worker who starts late leaves the others little to wait
     * for, few enough that each part's loops and products stay long.
     */
    private static final int PARTS_PER_WORKER = 4;

    private static volatile SpinningTeam team;

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fast-layers");
        t.setDaemon(true);
        return t;
    });

    private ImageParallel() {
    }

    /** How many workers share a layer's work: the threads ND4J may use. */
    public static int workers() {
        return Math.max(1, Nd4j.getEnvironment().maxMasterThreads());
    }

    /** How many parts {@code images} images are split into: one when a single worker runs them, else several each. */
    public static int parts(int images) {
        int workers = workers();
        return workers == 1 ? 1 : Math.max(1, Math.min(images, workers * PARTS_PER_WORKER));
    }

    public static void forEach(int images, Range body) {
        forEachPart(images, parts(images), (worker, part, from, to) -> body.run(from, to));
    }

    /** Runs {@code body} on {@code parts} contiguous, nearly equal parts of images [0, {@code images}). */
    public static void forEachPart(int images, int parts, Part body) {
        run(parts, (worker, part) -> body.run(worker, part, start(images, parts, part),
                start(images, parts, part + 1)));
    }

    /** Runs tasks 0 .. {@code tasks - 1}, each once, on up to {@link #workers} threads, this one included. */
    public static void run(int tasks, Task body) {
        run(workers(), tasks, body);
    }

    /**
     * Runs tasks 0 .. {@code tasks - 1}, each once, on up to {@code workers} threads, this one included (a caller with
     * per-worker buffers passes their count: worker indices stay below it).
     */
    public static void run(int workers, int tasks, Task body) {
        int threads = Math.min(tasks, workers);
        if (threads <= 1) {
            for (int task = 0; task < tasks; task++) {
                body.run(0, task);
            }
            return;
        }
        if (Nd4j.factory().blas().getMaxThreads() != 1) {
            Nd4j.factory().blas().setMaxThreads(1);
        }
        SpinningTeam team = team(workers - 1);
        if (team != null && team.tryRun(tasks, body)) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Helper> others = new ArrayList<>(threads - 1);
        try {
            for (int w = 1; w < threads; w++) {
                Helper helper = new Helper();
                int worker = w;
                helper.done = POOL.submit(() -> {
                    if (helper.started.compareAndSet(false, true)) {
                        takeTasks(worker, tasks, next, body);
                    }
                });
                others.add(helper);
            }
            takeTasks(0, tasks, next, body);
        } catch (RuntimeException | Error e) {
            try {
                awaitAll(others);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed); // this thread's failure came first
            }
            throw e;
        }
        awaitAll(others);
    }

    /**
     * The process's team of {@code helpers} spinning helpers, made at the first call; null for another size (a
     * replica's thread count is set once per process in practice; callers of other sizes use the pool).
     */
    private static SpinningTeam team(int helpers) {
        SpinningTeam made = team;
        if (made == null) {
            synchronized (ImageParallel.class) {
                if (team == null) {
                    team = new SpinningTeam(helpers);
                }
                made = team;
            }
        }
        return made.size() == helpers ? made : null;
    }

    /** A worker on another thread: whether it has started (else the caller may call it off), and its end. */
    private static final class Helper {
        final AtomicBoolean started = new AtomicBoolean();
        Future<?> done;
    }

    static void takeTasks(int worker, int tasks, AtomicInteger next, Task body) {
        try {
            for (int task = next.getAndIncrement(); task < tasks; task = next.getAndIncrement()) {
                body.run(worker, task);
            }
        } catch (RuntimeException | Error e) {
            next.set(tasks); // the others stop after their current task
            throw e;
        }
    }

    /**
     * Waits for every worker, even when one failed or this thread is interrupted (Spark cancels tasks so): a worker
     * still running would go on writing into the layer's buffers after the layer gave up on them. A worker that has
     * not started yet is called off instead: the tasks are all taken, and it would only cost this thread a wait.
     */
    private static void awaitAll(List<Helper> workers) {
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Helper helper : workers) {
            // Claimed here first, the helper finds itself started and returns at once whenever its thread runs it.
            if (helper.started.compareAndSet(false, true)) {
                continue;
            }
            while (true) {
                try {
                    helper.done.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException(e.getCause());
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
