package io.sparkcnn.training;

import java.util.List;

import io.sparkcnn.replica.ReplicaPool;
import io.sparkcnn.replica.ReplicaTask;
import io.sparkcnn.settings.AveragingSettings;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
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
 * rounds per job because a Spark job costs ~20-40 ms here whatever it does.
 */
public final class ParameterAveraging {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveraging.class);
    private static final String JOB_DESCRIPTION = "spark.job.description";
    private static final int AGGREGATION_DEPTH = 2;

    private final JavaSparkContext sc;
    private final AveragingSettings averaging;
    private final int prefetch;
    private final long seed;
    private final AveragingRule rule;

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
        this.sc = sc;
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
        LongAccumulator fitNanos = sc.sc().longAccumulator("fit nanoseconds, epoch " + epoch);
        // The configuration (learning rate included) travels once per epoch.
        Broadcast<MultiLayerConfiguration> configuration = sc.broadcast(network.getLayerWiseConfigurations().clone());
        rule.begin(NetworkState.floats(network.params()));
        AveragingCoordinator coordinator = averageWithinJobs
                ? AveragingCoordinator.start(plan.rounds(), listener, rule) : null;
        try {
            for (EpochPlan.Job job : plan.jobs()) {
                Broadcast<NetworkState> start = sc.broadcast(NetworkState.of(network));
                String name = job.firstRound() + "-" + job.lastRound() + "/" + plan.rounds();
                boolean averagedInJob = coordinator != null && job.roundCount() > 1;
                ReplicaTask task = new ReplicaTask(configuration, start, new ReplicaTask.Loading(loader,
                        BroadcastHadoopConfigHolder.get(sc), prefetch), averaging.averagingFrequency(),
                        averagedInJob ? coordinator.name() : null, name, fitNanos);
                JavaRDD<EpochPlan.WorkerRounds> tasks = sc.parallelize(job.tasks(), job.tasks().size());
                JavaRDD<StateSum> states = averagedInJob ? BarrierStage.mapPartitions(tasks, task, StateSum.class)
                        : tasks.mapPartitions(task);
                StateSum sum = aggregate(states, name, coordinator, start);
                adopt(network, sum, job, plan.rounds(), listener);
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
        return fitNanos.value();
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
        int slots = sc.defaultParallelism() / Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
        if (slots < averaging.workers()) {
            LOG.warn("{} workers but {} task slots: the replicas cannot all run at once, so they cannot average"
                    + " between the rounds of a Spark job; one Spark job per averaging round", averaging.workers(),
                    slots);
            return false;
        }
        return true;
    }

    /**
     * The sum of the replicas' states at the end of a job (a tree aggregate, named "averaging round(s) ..." in Spark's
     * UI and for {@link AveragingRoundTimes}). A failed replica's own error (which names a corrupt file, say) is
     * thrown rather than Spark's summary of a barrier stage's failure.
     */
    private StateSum aggregate(JavaRDD<StateSum> states, String rounds, AveragingCoordinator coordinator,
                               Broadcast<NetworkState> start) {
        String callersDescription = sc.getLocalProperty(JOB_DESCRIPTION);
        sc.setJobDescription(AveragingRoundTimes.ROUND_DESCRIPTION + rounds);
        try {
            return states.treeAggregate(new StateSum(), StateSum::merge, StateSum::merge, AGGREGATION_DEPTH);
        } catch (Exception e) { // Spark's SparkException is a checked exception Scala throws unchecked
            if (coordinator == null) {
                throw e;
            }
            coordinator.abort("its Spark job failed");
            Throwable cause = coordinator.firstFailure();
            if (cause == null) {
                throw e;
            }
            throw new IllegalStateException(e.getMessage(), cause);
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
        listener.roundDone(job.lastRound(), rounds, sum.meanLoss(), sum.drift());
    }
}
