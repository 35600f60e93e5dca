package io.sparkcnn.training;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Which minibatch files each worker fits in each averaging round of an epoch, and which rounds share a Spark job.
 *
 * <p>Worker {@code w} trains on the {@code w}-th of {@code workers} contiguous slices of the epoch's files (the shards,
 * as the driver lists them), in an order shuffled per epoch by the seed. An epoch has {@code files / (workers *
 * averagingFrequency)} rounds (at least one), DL4J's count; each worker's slice is cut into that many runs whose
 * lengths differ by at most one, the longer runs first for every worker. So workers with equal shards fit exactly as
 * many minibatches as each other in every round, and none waits for another that was dealt one more (DL4J's random
 * split let the counts differ by one in about half the rounds: a minibatch's wait, ~16 ms here, each time).
 *
 * <p>The plan also seeds each worker's random numbers in each round (dropout's masks), from its own seed, the round
 * and the worker: a replica fits on a Spark task thread, whose ND4J generator is otherwise in whatever state that
 * thread's earlier work left it (or seeded from the clock). So the same seed trains the same network, whichever
 * thread runs which task, and whether the rounds run in one Spark job, one job each, or again after a failure.
 *
 * @param rounds   averaging rounds in the epoch
 * @param jobs     the rounds, grouped into consecutive Spark jobs of at most {@code roundsPerJob}
 */
public record EpochPlan(int rounds, List<Job> jobs) {

    /**
     * Consecutive rounds run in one Spark job.
     *
     * @param firstRound the job's first round, counted from 1 over the epoch
     * @param tasks      one per worker, in worker order
     */
    public record Job(int firstRound, List<WorkerRounds> tasks) {
        public int roundCount() {
            return tasks.get(0).rounds().size();
        }

        public int lastRound() {
            return firstRound + roundCount() - 1;
        }

        /** The same rounds as jobs of one round each (for when the replicas can no longer all run at once). */
        public List<Job> oneRoundEach() {
            List<Job> jobs = new ArrayList<>();
            for (int r = 0; r < roundCount(); r++) {
                int round = r;
                jobs.add(new Job(firstRound + r, tasks.stream().map(t -> new WorkerRounds(t.worker(), t.workers(),
                        t.firstRound() + round, List.of(t.rounds().get(round)), t.seed())).toList()));
            }
            return jobs;
        }
    }

    /**
     * What one worker's task fits: the minibatch files of each of its job's rounds, in order.
     *
     * @param worker     which worker (its slice of the files)
     * @param workers    how many workers share the job
     * @param firstRound the first of these rounds, counted from 1 over the epoch
     * @param rounds     per round, the files to fit
     * @param seed       the epoch plan's seed
     */
    public record WorkerRounds(int worker, int workers, int firstRound, List<List<String>> rounds, long seed)
            implements Serializable {
        /** The seed of this worker's random numbers in the {@code r}-th of these rounds (counted from 0). */
        public long randomSeed(int r) {
            return new SplittableRandom((seed * 1_000_003L + firstRound + r) * 1_000_003L + worker).nextLong();
        }
    }

    /**
     * The rounds of an epoch of {@code files} minibatch files at {@code workers} averaging every
     * {@code averagingFrequency}: DL4J's count, at least one.
     */
    public static long roundCount(long files, int workers, int averagingFrequency) {
        return Math.max(1, files / ((long) workers * averagingFrequency));
    }

    public static EpochPlan of(List<String> files, int workers, int averagingFrequency, int roundsPerJob, long seed) {
        if (workers < 1 || averagingFrequency < 1 || roundsPerJob < 1) {
            throw new IllegalArgumentException("workers, averaging frequency and rounds per job must be at least 1: "
                    + workers + ", " + averagingFrequency + ", " + roundsPerJob);
        }
        int rounds = (int) roundCount(files.size(), workers, averagingFrequency);
        List<List<List<String>>> byWorker = new ArrayList<>(); // worker -> round -> files
        Random random = new Random(seed);
        for (int w = 0; w < workers; w++) {
            List<String> slice = new ArrayList<>(files.subList(sliceStart(files.size(), workers, w),
                    sliceStart(files.size(), workers, w + 1)));
            Collections.shuffle(slice, random);
            byWorker.add(cut(slice, rounds));
        }
        List<Job> jobs = new ArrayList<>();
        for (int first = 0; first < rounds; first += roundsPerJob) {
            int end = Math.min(rounds, first + roundsPerJob);
            List<WorkerRounds> tasks = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                tasks.add(new WorkerRounds(w, workers, first + 1, List.copyOf(byWorker.get(w).subList(first, end)),
                        seed));
            }
            jobs.add(new Job(first + 1, List.copyOf(tasks)));
        }
        return new EpochPlan(rounds, List.copyOf(jobs));
    }

    /** Where worker {@code w}'s slice starts: Spark's own slicing of a list into partitions. */
    private static int sliceStart(int size, int workers, int w) {
        return (int) ((long) w * size / workers);
    }

    /** {@code files} in {@code rounds} consecutive runs, the longer ones (by one) first. */
    private static List<List<String>> cut(List<String> files, int rounds) {
        List<List<String>> runs = new ArrayList<>();
        int base = files.size() / rounds;
        int longer = files.size() % rounds;
        int start = 0;
        for (int r = 0; r < rounds; r++) {
            int length = base + (r < longer ? 1 : 0);
            runs.add(List.copyOf(files.subList(start, start + length)));
            start += length;
        }
        return runs;
    }
}
