package io.sparkcnn.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.replica.ReplicaPool;
import io.sparkcnn.replica.ReplicaTask;
import io.sparkcnn.replica.TaskTimes;
import io.sparkcnn.settings.AveragingSettings;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.datavec.spark.util.BroadcastHadoopConfigHolder;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parameter averaging, the driver's side of an epoch. The epoch is planned ({@link EpochPlan}: each worker's
 * minibatch files, round by round), then run as a few Spark jobs, each one barrier stage of {@link ReplicaTask}s:
 * the network's state is broadcast, every replica fits its files of the job's rounds, averaged with the others after
 * each round through the driver's {@link AveragingCoordinator}, and the replicas' states after the job's last round
 * are tree-aggregated; their mean becomes the network's. The shape of Spark's own mini-batch SGD
 * ({@code GradientDescent.runMiniBatchSGD}: broadcast, tree aggregate, update on the driver), with several averaging
 * rounds per job because a Spark job costs ~20-40 ms here whatever it does. A job that fails (a link or host lost)
 * is started again from the same state, up to the settings' round retries ({@link RoundRetries}); if the replicas
 * can then no longer all run at once (a host gone), the epoch's remaining rounds run as a Spark job each.
 */
public final class ParameterAveraging {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveraging.class);
    private static final String JOB_DESCRIPTION = "spark.job.description";
    private static final int AGGREGATION_DEPTH = 2;
    /** The wait before a failed job runs again, for a link or host that went down to come back. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    private final JavaSparkContext sc;
    private final AveragingSettings averaging;
    private final int prefetch;
    private final long seed;
    private final AveragingRule rule;
    private final Duration retryPause;
    /** Whether a job has failed in this run: a host may be gone, so the live executors' slots count. */
    private boolean jobFailed;

    /**
     * Averaging by the rule for the number of workers ({@link AveragingRule#forWorkers}).
     *
     * @param prefetch minibatches each replica loads ahead on a thread of its own (0: none)
     * @param seed     seeds each epoch's plan (which files a worker fits in which round), with the epoch's number
     */
    public ParameterAveraging(JavaSparkContext sc, AveragingSettings averaging, int prefetch, long seed) {
        this(sc, averaging, prefetch, seed, AveragingRule.forWorkers(averaging.workers()));
    }

    /** @param rule what the network becomes at every averaging; it keeps its state from epoch to epoch */
    public ParameterAveraging(JavaSparkContext sc, AveragingSettings averaging, int prefetch, long seed,
                              AveragingRule rule) {
        this(sc, averaging, prefetch, seed, rule, RETRY_PAUSE);
    }

    /** @param retryPause the wait before a failed job of rounds runs again */
    ParameterAveraging(JavaSparkContext sc, AveragingSettings averaging, int prefetch, long seed, AveragingRule rule,
                       Duration retryPause) {
        this.sc = sc;
        this.retryPause = retryPause;
        this.averaging = averaging;
        this.prefetch = prefetch;
        this.seed = seed;
        this.rule = rule;
        if (averaging.workers() > 1) {
            LOG.info("{} workers: {}", averaging.workers(), rule.describe());
        }
    }

    /** What the network becomes at every averaging. */
    public AveragingRule rule() {
        return rule;
    }

    /**
     * Trains {@code network} for epoch {@code epoch} (counted from 1) over minibatch {@code files} that executors load
     * with {@code loader}, telling {@code listener} of every round. Returns the nanoseconds the replicas spent inside
     * {@code fit}, summed over them (a task Spark reruns counts twice).
     */
    public long fitEpoch(MultiLayerNetwork network, List<String> files, DataSetLoader loader, int epoch,
                         RoundListener listener) {
        boolean averageWithinJobs = averaging.workers() > 1 && averaging.roundsPerJob() > 1 && barrierPossible();
        int roundsPerJob = averageWithinJobs || averaging.workers() == 1 ? averaging.roundsPerJob() : 1;
        EpochPlan plan = EpochPlan.of(files, averaging.workers(), averaging.averagingFrequency(), roundsPerJob,
                planSeed(epoch));
        TaskTimes times = TaskTimes.register(sc.sc(), epoch);
        // The configuration (learning rate included) travels once per epoch.
        Broadcast<MultiLayerConfiguration> configuration = sc.broadcast(network.getLayerWiseConfigurations().clone());
        rule.begin(NetworkState.floats(network.params()));
        AveragingCoordinator coordinator = averageWithinJobs
                ? AveragingCoordinator.start(plan.rounds(), listener, rule) : null;
        ReplicaTask.Loading loading = new ReplicaTask.Loading(loader, BroadcastHadoopConfigHolder.get(sc), prefetch);
        List<EpochPlan.Job> jobs = new ArrayList<>(plan.jobs());
        try (RoundRetries retries = new RoundRetries(sc.sc(), averaging.roundRetries(), retryPause)) {
            for (int j = 0; j < jobs.size(); j++) {
                for (int tryNumber = 1; ; tryNumber++) {
                    EpochPlan.Job job = jobs.get(j); // split into rounds of their own after a host was lost
                    String rounds = job.firstRound() + "-" + job.lastRound() + "/" + plan.rounds();
                    String name = tryNumber == 1 ? rounds : rounds + " try " + tryNumber;
                    rule.mark();
                    retries.beginTry();
                    if (coordinator != null) {
                        coordinator.beginJob(name);
                    }
                    try {
                        StateSum sum = runJob(job, name, network, configuration, loading, coordinator, times);
                        adopt(network, sum, job, plan.rounds(), listener);
                        break;
                    } catch (Exception e) { // Spark's SparkException is a checked exception Scala throws unchecked
                        rule.rewind();
                        jobFailed = true;
                        retries.afterFailure(rounds, epoch, tryNumber,
                                e, coordinator == null ? null : coordinator.firstFailure());
                        if (coordinator != null && job.roundCount() > 1 && !barrierPossible()) {
                            // Fewer task slots than replicas now: a round per Spark job, the replicas queued.
                            List<EpochPlan.Job> left = jobs.subList(j, jobs.size());
                            List<EpochPlan.Job> oneEach = left.stream().flatMap(k -> k.oneRoundEach().stream())
                                    .toList();
                            left.clear();
                            jobs.addAll(oneEach);
                        }
                    }
                }
            }
        } finally {
            if (coordinator != null) {
                coordinator.close();
            }
            configuration.destroy();
            // In local mode the executors' replicas live in this JVM: the next epoch, with its own configuration,
            // builds new ones anyway. (A cluster's executor drops its own when it runs the next epoch's first task.)
            ReplicaPool.clear();
        }
        return times.fit().value();
    }

    /** Seeds epoch {@code epoch}'s plan: the same whether the run started at this epoch or resumed into it. */
    public long planSeed(int epoch) {
        return seed * 1_000_003L + epoch;
    }

    /**
     * Whether all replicas can run at once, as averaging between the rounds of a job needs (Spark's barrier mode
     * guarantees it, or fails the job, but does not run under dynamic allocation). Otherwise a job per round.
     */
    private boolean barrierPossible() {
        if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            LOG.warn("dynamic allocation is on, and Spark's barrier mode does not run under it: one Spark job per"
                    + " averaging round");
            return false;
        }
        int slots = taskSlots();
        if (slots < averaging.workers()) {
            LOG.warn("{} workers but {} task slots: the replicas cannot all run at once, so they cannot average"
                    + " between the rounds of a Spark job; one Spark job per averaging round", averaging.workers(),
                    slots);
            return false;
        }
        return true;
    }

    /**
     * How many tasks the cluster runs at once. Until a job has failed, the cluster's default parallelism (an executor
     * that has not registered yet is waited for by Spark's barrier mode). Once one has, the slots of the executors
     * still alive, as Spark's own check of a barrier stage counts them (a Spark-internal method, public to Java):
     * the default parallelism stays at 2 when a cluster is down to one core, and a barrier stage short of a slot
     * fails only after Spark's checks for one (ten minutes by default; a minute as spark-cnn starts Spark).
     */
    private int taskSlots() {
        SparkContext spark = sc.sc();
        return jobFailed ? spark.maxNumConcurrentTasks(spark.resourceProfileManager().defaultResourceProfile())
                : sc.defaultParallelism() / Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
    }

    /**
     * Runs one job from the network's state, {@code name}d to the coordinator, and returns the sum of the replicas'
     * states at its end: a tree aggregate, named "averaging round(s) ..." in Spark's UI and for
     * {@link AveragingRoundTimes}. When it fails, the workers still waiting to average are stopped.
     */
    private StateSum runJob(EpochPlan.Job job, String name, MultiLayerNetwork network,
                            Broadcast<MultiLayerConfiguration> configuration, ReplicaTask.Loading loading,
                            AveragingCoordinator coordinator, TaskTimes times) {
        Broadcast<NetworkState> start = sc.broadcast(NetworkState.of(network));
        boolean averagedInJob = coordinator != null && job.roundCount() > 1;
        ReplicaTask task = new ReplicaTask(configuration, start, loading, averaging.averagingFrequency(),
                averagedInJob ? coordinator.name() : null, name, times);
        JavaRDD<EpochPlan.WorkerRounds> tasks = sc.parallelize(job.tasks(), job.tasks().size());
        JavaRDD<StateSum> states = averagedInJob ? BarrierStage.mapPartitions(tasks, task, StateSum.class)
                : tasks.mapPartitions(task);
        String callersDescription = sc.getLocalProperty(JOB_DESCRIPTION);
        sc.setJobDescription(AveragingRoundTimes.ROUND_DESCRIPTION + name);
        try {
            return states.treeAggregate(new StateSum(), StateSum::merge, StateSum::merge, AGGREGATION_DEPTH);
        } catch (Exception e) { // Spark's SparkException is a checked exception Scala throws unchecked
            if (coordinator != null) {
                coordinator.abort("its Spark job failed");
            }
            throw e;
        } finally {
            sc.setJobDescription(callersDescription);
            start.destroy();
        }
    }

    /**
     * The end of a job: what the {@link AveragingRule} makes of the replicas' states (for plain averaging, their mean
     * parameters and optimiser state) becomes the network's, and its iteration count moves on by the averaging
     * frequency per round. Nothing changes when no replica had data.
     */
    private void adopt(MultiLayerNetwork network, StateSum sum, EpochPlan.Job job, int rounds,
                       RoundListener listener) {
        if (sum.count() == 0) {
            LOG.info("skipping rounds {}-{}: no worker had data", job.firstRound(), job.lastRound());
            return;
        }
        rule.next(sum).loadMeanInto(network);
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        conf.setIterationCount(conf.getIterationCount() + job.roundCount() * averaging.averagingFrequency());
        listener.roundDone(job.lastRound(), rounds, sum.meanLoss(), sum.drift(), sum.trained());
    }
}
