package io.sparkcnn.jobs;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J's parameter-averaging master for one epoch, telling the driver after every averaging round how far the epoch
 * has got and what the replicas' mean minibatch loss was (DL4J itself only logs this; we need it for the progress bar
 * and for an honest per-epoch training loss, the mean over all rounds). Its workers add the time they spend inside
 * {@code fit} to {@code fitNanos}, a Spark accumulator the driver reads after the epoch (a task that Spark reruns
 * after a failure counts twice).
 *
 * <p>The rounds are DL4J's (same split of the epoch's files, same replicas, same averaging), but what travels is
 * leaner: the configuration is broadcast once per {@code fit} call (an epoch), at its first round, and destroyed at
 * its end (so the next call sees the network's learning rate then), and each round ships parameters and optimiser state
 * as float arrays ({@link RoundStart} out, {@link RoundResult} back) instead of INDArrays, which Java serialisation
 * writes one float at a time. Each round's broadcast is destroyed when the round is over.
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
    private transient Broadcast<MultiLayerConfiguration> epochConfiguration;
    private transient Broadcast<RoundStart> currentRound;

    public ObservedTrainingMaster(ParameterAveragingTrainingMaster.Builder builder, LongAccumulator fitNanos) {
        super(builder);
        this.fitNanos = fitNanos;
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

    /** DL4J's training over minibatch files, then the epoch's configuration broadcast is let go. */
    @Override
    public void executeTrainingPaths(SparkDl4jMultiLayer network, SparkComputationGraph graph, JavaRDD<String> paths,
                                     DataSetLoader dataSetLoader, MultiDataSetLoader multiDataSetLoader) {
        try {
            super.executeTrainingPaths(network, graph, paths, dataSetLoader, multiDataSetLoader);
        } finally {
            endEpoch();
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

    @Override
    protected void processResults(SparkDl4jMultiLayer network, SparkComputationGraph graph,
                                  JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
        if (network == null) {
            throw new UnsupportedOperationException("spark-cnn trains MultiLayerNetworks only");
        }
        // The round's Spark job (the tree aggregate below) carries its name, in the UI and for AveragingRoundTimes.
        SparkContext sc = network.getSparkContext().sc();
        String callersDescription = sc.getLocalProperty(JOB_DESCRIPTION);
        sc.setJobDescription(AveragingRoundTimes.ROUND_DESCRIPTION + splitNum + "/" + totalSplits);
        try {
            average(network, results);
        } finally {
            sc.setJobDescription(callersDescription);
            if (currentRound != null) {
                currentRound.destroy();
                currentRound = null;
            }
        }
        listener.roundDone(splitNum, totalSplits, network.getScore());
    }

    /**
     * DL4J's averaging (1.0.0-M2's processResults for a MultiLayerNetwork): the mean of the replicas' parameters and
     * optimiser state becomes the network's, the mean of their scores its score, and the iteration count moves on
     * by the averaging frequency. The sums are formed on the executors, as float arrays.
     */
    private void average(SparkDl4jMultiLayer spark, JavaRDD<ParameterAveragingTrainingResult> results) {
        RoundResult sum = results.treeAggregate(new RoundResult(), (acc, result) -> acc.add(result),
                RoundResult::merge, aggregationDepth);
        if (sum.count() == 0) {
            LOG.info("skipping a round in which no worker had data");
            return;
        }
        MultiLayerNetwork network = spark.getNetwork();
        network.setParameters(Nd4j.create(sum.parameterSum(), network.params().shape(), 'c').divi(sum.count()));
        if (sum.updaterSum() != null) {
            INDArray state = network.getUpdater().getStateViewArray();
            network.getUpdater().setStateViewArray(null,
                    Nd4j.create(sum.updaterSum(), state.shape(), 'c').divi(sum.count()), false);
        }
        spark.setScore(sum.scoreSum() / sum.count());
        Nd4j.getExecutioner().commit();
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        conf.setIterationCount(conf.getIterationCount() + averagingFrequency);
    }
}
