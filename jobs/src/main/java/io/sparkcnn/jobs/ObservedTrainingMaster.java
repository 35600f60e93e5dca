package io.sparkcnn.jobs;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.datavec.spark.util.BroadcastHadoopConfigHolder;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J's parameter-averaging master for one epoch, telling the driver after every averaging round how far the epoch
 * has got and what the replicas' mean minibatch loss was (DL4J itself only logs this; we need it for the progress bar
 * and for an honest per-epoch training loss, the mean over all rounds). Its workers add the time they spend inside
 * {@code fit} to {@code fitNanos}, a Spark accumulator the driver reads after the epoch (a task that Spark reruns
 * after a failure counts twice).
 *
 * <p>The rounds are DL4J's (their number, the replicas, the averaging), planned by {@link EpochPlan} and run several
 * to a Spark job ({@link #executeTrainingPathsHelper}). What travels is leaner than DL4J's: the configuration is
 * broadcast once per {@code fit} call (an epoch), at its first job, and destroyed at its end (so the next call sees the
 * network's learning rate then), and each job ships parameters and optimiser state as float arrays
 * ({@link RoundStart} out, {@link RoundResult} back) instead of INDArrays, which Java serialisation writes one float
 * at a time. Each job's broadcast is destroyed when the job is over.
 */
public class ObservedTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final Logger LOG = LoggerFactory.getLogger(ObservedTrainingMaster.class);
    private static final String JOB_DESCRIPTION = "spark.job.description";

    /** Called on the driver after each round's parameters have been averaged. */
    public interface RoundListener {
        void roundDone(int round, int rounds, double meanLoss);
    }

    private transient RoundListener listener = (round, rounds, loss) -> { };
    private final transient LongAccumulator fitNanos;
    private final int roundsPerJob;
    private final long planSeed;
    private transient Broadcast<MultiLayerConfiguration> epochConfiguration;
    private transient Broadcast<RoundStart> currentRound;

    /**
     * @param roundsPerJob averaging rounds per Spark job: between the rounds of one job the workers average among
     *                     themselves ({@link AveragingCoordinator}); 1 is DL4J's scheme, a Spark job per round
     * @param planSeed     seeds {@link EpochPlan}: which rounds a worker fits its files in (training one epoch per
     *                     master, as {@link DistributedTrainer} does, the plan is the same whether the run started at
     *                     this epoch or earlier)
     */
    public ObservedTrainingMaster(ParameterAveragingTrainingMaster.Builder builder, LongAccumulator fitNanos,
                                  int roundsPerJob, long planSeed) {
        super(builder);
        this.fitNanos = fitNanos;
        this.roundsPerJob = roundsPerJob;
        this.planSeed = planSeed;
    }

    /** Nanoseconds all workers have spent inside {@code fit} so far, summed over the workers. */
    public long fitNanos() {
        return fitNanos.value();
    }

    public void setRoundListener(RoundListener listener) {
        this.listener = listener;
    }

    /**
     * A round's worker: DL4J's set-up (1.0.0-M2's getWorkerInstance without its optional statistics), with this
     * epoch's configuration and the round's {@link RoundStart} as broadcasts, binding its task's GPU first and timing
     * its {@code fit} calls.
     */
    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
        if (collectTrainingStats || (listeners != null && !listeners.isEmpty())) {
            throw new UnsupportedOperationException("spark-cnn's training master supports neither DL4J's training"
                    + " statistics nor training listeners on the workers");
        }
        if (epochConfiguration == null) {
            epochConfiguration = network.getSparkContext().broadcast(
                    network.getNetwork().getLayerWiseConfigurations().clone());
        }
        // The driver's optimiser state goes out whatever saveUpdater says (as DL4J sends it); saveUpdater decides
        // whether the replicas' states come back to be averaged.
        currentRound = network.getSparkContext().broadcast(RoundStart.of(network.getNetwork()));
        WorkerConfiguration configuration = new WorkerConfiguration(false, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new GpuBoundTrainingWorker(epochConfiguration, currentRound, saveUpdater, configuration,
                trainingHookList, listeners, getRouterProvider(), fitNanos);
    }

    /** Training over minibatch files ({@link #executeTrainingPathsHelper}), then the epoch's broadcast is let go. */
    @Override
    public void executeTrainingPaths(SparkDl4jMultiLayer network, SparkComputationGraph graph, JavaRDD<String> paths,
                                     DataSetLoader dataSetLoader, MultiDataSetLoader multiDataSetLoader) {
        try {
            super.executeTrainingPaths(network, graph, paths, dataSetLoader, multiDataSetLoader);
        } finally {
            endEpoch();
        }
    }

    /**
     * One epoch over minibatch files: DL4J's rounds (its number of them, its averaging), planned by {@link EpochPlan}
     * (each worker on its shard, as many minibatches as the others in every round) and run {@code roundsPerJob}
     * rounds to a Spark job ({@link ReplicaRounds}). At each job's start the driver broadcasts the network's state;
     * at its end the workers' states are tree-aggregated and their mean becomes the network's.
     */
    @Override
    protected void executeTrainingPathsHelper(SparkDl4jMultiLayer network, SparkComputationGraph graph,
                                              JavaRDD<String> paths, DataSetLoader dataSetLoader,
                                              MultiDataSetLoader multiDataSetLoader, int examplesPerFile) {
        if (network == null || dataSetLoader == null) {
            throw new UnsupportedOperationException("spark-cnn trains MultiLayerNetworks on DataSet files only");
        }
        JavaSparkContext sc = network.getSparkContext();
        int workers = numWorkers != null ? numWorkers : sc.defaultParallelism();
        EpochPlan plan = EpochPlan.of(paths.collect(), workers, averagingFrequency, roundsPerJob, planSeed);
        boolean averageWithinJobs = workers > 1 && plan.jobs().get(0).roundCount() > 1 && barrierPossible(sc, workers);
        AveragingCoordinator coordinator = averageWithinJobs ? AveragingCoordinator.start(plan.rounds(), listener)
                : null;
        try {
            for (EpochPlan.Job job : plan.jobs()) {
                runJob(network, job, plan.rounds(), coordinator, dataSetLoader);
            }
        } finally {
            if (coordinator != null) {
                coordinator.close();
            }
        }
    }

    /**
     * Whether the replicas of a job can all run at once, as averaging between its rounds needs (Spark's barrier mode
     * guarantees it, or fails the job, but does not run under dynamic allocation). Otherwise a job per round, as DL4J
     * does.
     */
    private static boolean barrierPossible(JavaSparkContext sc, int workers) {
        if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            LOG.warn("dynamic allocation is on, and Spark's barrier mode does not run under it: one Spark job per"
                    + " averaging round");
            return false;
        }
        int slots = sc.defaultParallelism() / Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
        if (slots < workers) {
            LOG.warn("{} workers but {} task slots: the replicas cannot all run at once, so they cannot average"
                    + " between the rounds of a Spark job; one Spark job per averaging round", workers, slots);
            return false;
        }
        return true;
    }

    /**
     * One Spark job of the epoch: the network's state broadcast, the job's rounds ({@link ReplicaRounds}, averaged
     * in between by {@code coordinator} when there is one), and the mean of the replicas' states after its last round.
     */
    private void runJob(SparkDl4jMultiLayer spark, EpochPlan.Job job, int rounds, AveragingCoordinator coordinator,
                        DataSetLoader loader) {
        JavaSparkContext sc = spark.getSparkContext();
        GpuBoundTrainingWorker replicas = (GpuBoundTrainingWorker) getWorkerInstance(spark);
        String name = job.firstRound() + "-" + job.lastRound() + "/" + rounds;
        boolean averaging = coordinator != null && job.roundCount() > 1;
        ReplicaRounds body = new ReplicaRounds(replicas, loader, BroadcastHadoopConfigHolder.get(sc),
                averagingFrequency, prefetchNumBatches, job.tasks().size(), averaging ? coordinator.name() : null, name);
        JavaRDD<EpochPlan.WorkerRounds> tasks = sc.parallelize(job.tasks(), job.tasks().size());
        JavaRDD<RoundResult> results = averaging ? BarrierStage.mapPartitions(tasks, body, RoundResult.class)
                : tasks.mapPartitions(body);
        RoundResult sum;
        try {
            sum = aggregate(sc, results, name);
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
        }
        adopt(spark, sum, job.roundCount(), job.lastRound(), rounds);
    }

    /**
     * DL4J's end of a round (1.0.0-M2's processResults for a MultiLayerNetwork), after {@code roundsDone} rounds: the
     * mean of the replicas' parameters and optimiser state becomes the network's, the mean of their scores its score,
     * and the iteration count moves on by the averaging frequency per round. Nothing changes when no worker had data.
     */
    private void adopt(SparkDl4jMultiLayer spark, RoundResult sum, int roundsDone, int lastRound, int rounds) {
        if (sum.count() == 0) {
            LOG.info("skipping round {}: no worker had data", lastRound);
            return;
        }
        MultiLayerNetwork network = spark.getNetwork();
        sum.loadMeanInto(network);
        spark.setScore(sum.scoreSum() / sum.count());
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        conf.setIterationCount(conf.getIterationCount() + roundsDone * averagingFrequency);
        listener.roundDone(lastRound, rounds, spark.getScore());
    }

    /**
     * The sum of a job's results (a tree aggregate, named "averaging round(s) ..." in Spark's UI and for
     * {@link AveragingRoundTimes}); the job's broadcast of the network's state is destroyed afterwards.
     */
    private RoundResult aggregate(JavaSparkContext sc, JavaRDD<RoundResult> results, String rounds) {
        String callersDescription = sc.getLocalProperty(JOB_DESCRIPTION);
        sc.setJobDescription(AveragingRoundTimes.ROUND_DESCRIPTION + rounds);
        try {
            return results.treeAggregate(new RoundResult(), RoundResult::merge, RoundResult::merge, aggregationDepth);
        } finally {
            sc.setJobDescription(callersDescription);
            if (currentRound != null) {
                currentRound.destroy();
                currentRound = null;
            }
        }
    }

    /** DL4J's training over an RDD of minibatches, then the epoch's configuration broadcast is let go. */
    @Override
    public void executeTraining(SparkDl4jMultiLayer network, JavaRDD<org.nd4j.linalg.dataset.DataSet> data) {
        try {
            super.executeTraining(network, data);
        } finally {
            endEpoch();
        }
    }

    private void endEpoch() {
        // In local mode the executors' replicas live in this JVM: the next epoch, with its own configuration, would
        // build new ones anyway. (An executor of a cluster drops its own when it runs the next epoch's first task.)
        ReplicaPool.clear();
        if (epochConfiguration != null) {
            epochConfiguration.destroy();
            epochConfiguration = null;
        }
    }

    /** DL4J's round over an RDD of minibatches (its {@code executeTraining}), averaged as {@link #runJob} does. */
    @Override
    protected void processResults(SparkDl4jMultiLayer network, SparkComputationGraph graph,
                                  JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
        if (network == null) {
            throw new UnsupportedOperationException("spark-cnn trains MultiLayerNetworks only");
        }
        RoundResult sum = aggregate(network.getSparkContext(), results.map(r -> new RoundResult().add(r)),
                splitNum + "/" + totalSplits);
        adopt(network, sum, 1, splitNum, totalSplits);
    }
}
