package io.sparkcnn.settings;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.models.CliNames;

/**
 * How the replicas are trained and averaged.
 *
 * @param workers            replicas trained in parallel, one shard of the training set each
 * @param averagingFrequency minibatches each replica fits between two averagings (a round)
 * @param roundsPerJob       averaging rounds per Spark job: between the rounds of a job the replicas are averaged
 *                           through the driver's RPC, without a Spark job (1: a Spark job per round, as DL4J does)
 * @param scaling            whether the trainer scales the learning rate and the averaging frequency with the
 *                           workers (the frequency above is then that of one or two workers)
 * @param roundRetries       how many times a Spark job of rounds that failed (a lost link or host) is started again
 *                           from the last averaged parameters before the run stops
 */
public record AveragingSettings(int workers, int averagingFrequency, int roundsPerJob, WorkerScalingRule scaling,
                                int roundRetries) {
    public static final int DEFAULT_WORKERS = 2;
    /**
     * Minibatches between averagings. 20 rather than DL4J's usual 5: each round costs a Spark job, a broadcast and
     * the replicas' results on the driver whatever its length, ~0.1 s on 2 cores. Accuracy did not suffer from
     * fewer rounds, it gained: 3 epochs of the seed CNN, seed 42, averaging every 5 / 10 / 20 / 50 minibatches:
     * Fashion-MNIST 0.8862 / 0.8885 / 0.8894 / 0.8834, MNIST – / 0.9856 / 0.9886 / – (BENCHMARKS.md).
     */
    public static final int DEFAULT_AVERAGING_FREQUENCY = 20;
    /**
     * Averaging rounds per Spark job. A Spark job costs ~20-40 ms here whatever it does (scheduling, a broadcast, the
     * results) against ~330 ms for a round of 20 minibatches; between the rounds of a job the replicas are averaged
     * through the driver's RPC instead ({@code AveragingCoordinator}). 8 and all 23 of a Fashion-MNIST epoch's rounds
     * in one job measured the same (Spark / single replica 1.046 and 1.050, BENCHMARKS.md); 8 keeps what a failed job
     * repeats short.
     */
    public static final int DEFAULT_ROUNDS_PER_JOB = 8;

    /**
     * Retries of a failed job of rounds. A link down for a few seconds or a lost executor fails a barrier stage, which
     * Spark does not retry; 3 retries ride out a few such faults in a run, while a fault that stays (a host gone, its
     * executor still registered) stops the run after about as many minutes as Spark takes to notice, not hours.
     */
    public static final int DEFAULT_ROUND_RETRIES = 3;

    /** Scaled with the workers ({@link WorkerScalingRule#SQRT}): the default. */
    public AveragingSettings(int workers, int averagingFrequency, int roundsPerJob) {
        this(workers, averagingFrequency, roundsPerJob, WorkerScalingRule.SQRT);
    }

    /** With the default retries of a failed job of rounds. */
    public AveragingSettings(int workers, int averagingFrequency, int roundsPerJob, WorkerScalingRule scaling) {
        this(workers, averagingFrequency, roundsPerJob, scaling, DEFAULT_ROUND_RETRIES);
    }

    public static AveragingSettings defaults() {
        return new AveragingSettings(DEFAULT_WORKERS, DEFAULT_AVERAGING_FREQUENCY, DEFAULT_ROUNDS_PER_JOB);
    }

    public AveragingSettings withWorkers(int count) {
        return new AveragingSettings(count, averagingFrequency, roundsPerJob, scaling, roundRetries);
    }

    public AveragingSettings withAveragingFrequency(int minibatches) {
        return new AveragingSettings(workers, minibatches, roundsPerJob, scaling, roundRetries);
    }

    public AveragingSettings withRoundsPerJob(int rounds) {
        return new AveragingSettings(workers, averagingFrequency, rounds, scaling, roundRetries);
    }

    public AveragingSettings withScaling(WorkerScalingRule rule) {
        return new AveragingSettings(workers, averagingFrequency, roundsPerJob, rule, roundRetries);
    }

    public AveragingSettings withRoundRetries(int retries) {
        return new AveragingSettings(workers, averagingFrequency, roundsPerJob, scaling, retries);
    }

    /** Each invalid field, named as in the settings (the command line adds its option's spelling). */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        SettingProblem.atLeast(problems, "workers", workers, 1);
        SettingProblem.atLeast(problems, "averaging-frequency", averagingFrequency, 1);
        SettingProblem.atLeast(problems, "rounds-per-job", roundsPerJob, 1);
        SettingProblem.atLeast(problems, "round-retries", roundRetries, 0);
        if (scaling == null) {
            problems.add(new SettingProblem("worker-scaling", "must be one of "
                    + CliNames.choices(WorkerScalingRule.class, WorkerScalingRule::cliName)));
        }
        return problems;
    }
}
