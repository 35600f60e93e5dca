package io.sparkcnn.layers.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Helper threads that wait for a layer's next parallel section by spinning for a while before they sleep, for
 * {@link ImageParallel}. A replica's minibatch runs ~15 parallel sections with a little serial work of DL4J's between
 * them; handing each section to a sleeping pool thread (a futex wake) and waiting for it to finish cost the replica's
 * main thread ~15 % of its time here (async-profiler, wall clock: 6 % in the thread pool's hand-off, 8 % waiting).
 * A helper that is still spinning when the next section comes takes it up at once, and the caller spins as well
 * while it waits for the last helper. Helpers sleep after {@link #SPIN_NANOS} without work, so an idle team costs
 * nothing.
 *
 * <p>One caller at a time: a second one finds the team busy ({@link #tryRun} returns false) and uses the pool.
 */
final class SpinningTeam {
    /** How long a waiting thread spins before it sleeps: longer than the serial work between two layers' sections. */
    private static final long SPIN_NANOS = 200_000;
    /**
     * How long of that it spins on the core alone; after that it yields the core between looks. On a quiet machine
     * nothing else wants the core and a yield returns at once (the look comes a microsecond later); on a loaded one
     * the spin would keep the core from another thread, perhaps the very worker being waited for, which had lost its
     * core for a while.
     */
    private static final long ALONE_NANOS = 20_000;

    private final Helper[] helpers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Section current;

    /** A team of {@code size} helper threads (daemons, started now). */
    SpinningTeam(int size) {
        helpers = new Helper[size];
        for (int i = 0; i < size; i++) {
            helpers[i] = new Helper(i);
            Thread thread = new Thread(helpers[i], "fast-layers-team-" + (i + 1));
            thread.setDaemon(true);
            helpers[i].thread = thread;
            thread.start();
        }
    }

    /** How many helpers the team has: with the caller, workers 0 .. size. */
    int size() {
        return helpers.length;
    }

    /**
     * Runs tasks 0 .. {@code tasks - 1}, each once, on this thread (worker 0) and the team's helpers (workers 1 ..
     * {@link #size}), returning when all are done and no helper touches them any more; false, running nothing, when
     * another caller has the team.
     */
    boolean tryRun(int tasks, ImageParallel.Task body) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            run(new Section(tasks, body, helpers.length));
            return true;
        } finally {
            busy.set(false);
        }
    }

    private void run(Section section) {
        current = section;
        for (Helper helper : helpers) {
            if (helper.sleeping) {
                LockSupport.unpark(helper.thread);
            }
        }
        Throwable mine = null;
        try {
            ImageParallel.takeTasks(0, section.tasks, section.next, section.body);
        } catch (RuntimeException | Error e) {
            mine = e;
        }
        // A helper that has not started yet is called off: the tasks are all taken, waiting for it would only
        // cost time.
        for (AtomicBoolean claim : section.claimed) {
            if (claim.compareAndSet(false, true)) {
                section.unfinished.decrementAndGet();
            }
        }
        boolean interrupted = false;
        long since = System.nanoTime();
        // Waits even when interrupted (Spark cancels tasks so): a helper still running writes into the layer's buffers.
        while (section.unfinished.get() > 0) {
            if (!spin(since)) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable theirs = section.failure;
        if (mine != null && theirs != null) {
            mine.addSuppressed(theirs); // this thread's failure came first
        }
        Throwable failure = mine != null ? mine : theirs;
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        if (interrupted) {
            throw new IllegalStateException("interrupted while waiting for a layer's worker threads");
        }
    }

    /** One parallel section: its tasks, who has claimed a part in it, and how many helpers are still at work. */
    private static final class Section {
        final int tasks;
        final ImageParallel.Task body;
        final Thread caller = Thread.currentThread();
        final AtomicInteger next = new AtomicInteger();
        /** Per helper: set by the helper when it starts on the section, or by the caller to call it off. */
        final AtomicBoolean[] claimed;
        final AtomicInteger unfinished;
        volatile Throwable failure;

        Section(int tasks, ImageParallel.Task body, int helpers) {
            this.tasks = tasks;
            this.body = body;
            claimed = new AtomicBoolean[helpers];
            for (int i = 0; i < helpers; i++) {
                claimed[i] = new AtomicBoolean();
            }
            unfinished = new AtomicInteger(helpers);
        }
    }

    private final class Helper implements Runnable {
        private final int index;
        Thread thread;
        volatile boolean sleeping;

        Helper(int index) {
            this.index = index;
        }

        @Override
        public void run() {
            Section seen = null;
            while (true) {
                Section section = awaitNext(seen);
                seen = section;
                if (!section.claimed[index].compareAndSet(false, true)) {
                    continue; // called off: the caller is not waiting for this helper
                }
                try {
                    ImageParallel.takeTasks(index + 1, section.tasks, section.next, section.body);
                } catch (Throwable t) {
                    section.failure = t;
                } finally {
                    if (section.unfinished.decrementAndGet() == 0) {
                        LockSupport.unpark(section.caller);
                    }
                }
            }
        }

        /** The first section after {@code seen}: spinning for a while, then asleep until the caller wakes it. */
        private Section awaitNext(Section seen) {
            long since = System.nanoTime();
            while (true) {
                Section section = current;
                if (section != seen) {
                    return section;
                }
                if (spin(since)) {
                    continue;
                }
                // Announced before the last look: a caller that posts a section after it sees the flag and wakes us.
                sleeping = true;
                if (current == seen) {
                    LockSupport.park(this);
                }
                sleeping = false;
                since = System.nanoTime();
            }
        }
    }

    /**
     * One turn of a wait that began at {@code since}: spinning alone on the core, then yielding it between looks;
     * false once the wait has spun for {@link #SPIN_NANOS}, when the waiting thread should sleep instead.
     */
    private static boolean spin(long since) {
        long waited = System.nanoTime() - since;
        if (waited < ALONE_NANOS) {
            Thread.onSpinWait();
        } else if (waited < SPIN_NANOS) {
            Thread.yield();
        } else {
            return false;
        }
        return true;
    }
}
