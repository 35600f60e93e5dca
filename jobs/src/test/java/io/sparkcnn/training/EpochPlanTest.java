package io.sparkcnn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class EpochPlanTest {
    private static List<String> files(int n) {
        return IntStream.range(0, n).mapToObj(i -> "f" + i).toList();
    }

    /** Fashion-MNIST's 938 minibatches, 2 workers, averaging every 20: DL4J's 23 rounds, in jobs of 8. */
    @Test
    void everyRoundGivesEveryWorkerAsManyMinibatchesAsTheOthers() {
        List<String> all = files(938);
        EpochPlan plan = EpochPlan.of(all, 2, 20, 8, 7);
        assertEquals(23, plan.rounds());
        assertEquals(List.of(1, 9, 17), plan.jobs().stream().map(EpochPlan.Job::firstRound).toList());
        assertEquals(List.of(8, 8, 7), plan.jobs().stream().map(EpochPlan.Job::roundCount).toList());

        List<String> seen = new ArrayList<>();
        for (EpochPlan.Job job : plan.jobs()) {
            for (int r = 0; r < job.roundCount(); r++) {
                int round = job.firstRound() + r;
                int first = job.tasks().get(0).rounds().get(r).size();
                int second = job.tasks().get(1).rounds().get(r).size();
                assertEquals(first, second, "round " + round + ": both workers fit as many minibatches");
                // 469 a worker over 23 rounds: 9 rounds of 21, then 14 of 20
                assertEquals(round <= 9 ? 21 : 20, first, "round " + round);
            }
            for (EpochPlan.WorkerRounds task : job.tasks()) {
                assertEquals(job.firstRound(), task.firstRound());
                task.rounds().forEach(seen::addAll);
                // a worker trains on its own shard: the first or second half of the files
                task.rounds().forEach(files -> files.forEach(f -> assertEquals(task.worker(),
                        Integer.parseInt(f.substring(1)) < 469 ? 0 : 1, f + " is worker " + task.worker() + "'s")));
            }
        }
        assertEquals(938, seen.size(), "every file once");
        assertEquals(new HashSet<>(all), new HashSet<>(seen));
    }

    @Test
    void theOrderIsShuffledBySeed() {
        List<String> all = files(100);
        assertEquals(EpochPlan.of(all, 2, 5, 3, 1), EpochPlan.of(all, 2, 5, 3, 1), "same seed, same plan");
        assertNotEquals(EpochPlan.of(all, 2, 5, 3, 1), EpochPlan.of(all, 2, 5, 3, 2));
        List<String> firstRound = EpochPlan.of(all, 2, 5, 3, 1).jobs().get(0).tasks().get(0).rounds().get(0);
        assertNotEquals(all.subList(0, 5), firstRound, "not the files' own order");
    }

    /** Fewer files than a round's worth: one round, and a worker without any file still has its (empty) task. */
    @Test
    void smallEpochsHaveOneRound() {
        EpochPlan plan = EpochPlan.of(files(1), 2, 20, 8, 3);
        assertEquals(1, plan.rounds());
        assertEquals(1, plan.jobs().size());
        assertEquals(2, plan.jobs().get(0).tasks().size());
        Set<Integer> sizes = new HashSet<>();
        plan.jobs().get(0).tasks().forEach(t -> sizes.add(t.rounds().get(0).size()));
        assertEquals(Set.of(0, 1), sizes);
        assertTrue(EpochPlan.of(files(5), 1, 2, 1, 3).jobs().stream().allMatch(j -> j.roundCount() == 1),
                "one round a job");
    }
}
