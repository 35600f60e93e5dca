package io.sparkcnn.layers.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The spinning helpers of {@link ImageParallel}: every task once, failures to the caller, one caller at a time. */
class SpinningTeamTest {
    private final SpinningTeam team = new SpinningTeam(2);

    @Test
    void everyTaskRunsOnceAndItsWritesAreSeenByTheCaller() {
        SplittableRandom random = new SplittableRandom(3);
        for (int section = 0; section < 3_000; section++) {
            int tasks = 1 + random.nextInt(12);
            int[] ranBy = new int[tasks];
            Arrays.fill(ranBy, -1);
            AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
            assertTrue(team.tryRun(tasks, (worker, task) -> {
                runs.incrementAndGet(task);
                ranBy[task] = worker; // a plain write: the caller must see it after tryRun
            }));
            int[] once = new int[tasks];
            Arrays.fill(once, 1);
            int[] counted = new int[tasks];
            for (int t = 0; t < tasks; t++) {
                counted[t] = runs.get(t);
                assertTrue(ranBy[t] >= 0 && ranBy[t] <= team.size(), "task " + t + " ran by worker " + ranBy[t]);
            }
            assertArrayEquals(once, counted, "section " + section);
            if (section % 500 == 0) {
                sleepPastTheSpin(); // and the helpers, asleep by now, are woken for the next one
            }
        }
    }

    @Test
    void aFailingTaskReachesTheCallerAndTheTeamWorksAfterwards() {
        for (int round = 0; round < 50; round++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> team.tryRun(8,
                    (worker, task) -> {
                        if (task == 5) {
                            throw new IllegalArgumentException("task 5 failed");
                        }
                    }));
            assertEquals("task 5 failed", e.getMessage());
        }
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        assertTrue(team.tryRun(4, (worker, task) -> runs.incrementAndGet(task)));
        assertEquals("[1, 1, 1, 1]", runs.toString());
    }

    @Test
    void aSecondCallerFindsTheTeamBusy() {
        AtomicBoolean secondGotIt = new AtomicBoolean(true);
        assertTrue(team.tryRun(1, (worker, task) -> secondGotIt.set(team.tryRun(1, (w, t) -> { }))));
        assertFalse(secondGotIt.get());
    }

    private static void sleepPastTheSpin() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
