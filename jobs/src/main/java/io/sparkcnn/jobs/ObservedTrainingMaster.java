package io.sparkcnn.jobs;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/**
 * DL4J's parameter-averaging master, telling the driver after every averaging round how far the epoch has
 * got and what the replicas' mean minibatch loss was. DL4J itself only logs this; we need it for the progress
 * bar and for an honest per-epoch training loss (the mean over all rounds, not the last round alone). Its workers
 * add the time they spend inside {@code fit} to {@code fitNanos}, a Spark accumulator the driver reads after the
 * epoch (a task that Spark reruns after a failure counts twice).
 */
public class ObservedTrainingMaster extends ParameterAveragingTrainingMaster {

    /** Called on the driver after each round's parameters have been averaged. */
    public interface RoundListener {
        void roundDone(int round, int rounds, double meanLoss);
    }

    private transient RoundListener listener = (round, rounds, loss) -> { };
    private final transient LongAccumulator fitNanos;

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
     * DL4J's own worker set-up (1.0.0-M2's getWorkerInstance, step for step, without its optional statistics),
     * with a worker that binds its task's GPU first and times its {@code fit} calls.
     */
    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
        NetBroadcastTuple tuple = new NetBroadcastTuple(network.getNetwork().getLayerWiseConfigurations(),
                network.getNetwork().params(), network.getNetwork().getUpdater().getStateViewArray());
        Broadcast<NetBroadcastTuple> broadcast = network.getSparkContext().broadcast(tuple);
        WorkerConfiguration configuration = new WorkerConfiguration(false, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new GpuBoundTrainingWorker(broadcast, saveUpdater, configuration, trainingHookList, listeners,
                getRouterProvider(), fitNanos);
    }

    @Override
    protected void processResults(SparkDl4jMultiLayer network, SparkComputationGraph graph,
                                  JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
        // The round's Spark job (the tree aggregate below) carries its name, in the UI and for AveragingRoundTimes.
        SparkContext sc = (network != null ? network.getSparkContext() : graph.getSparkContext()).sc();
        sc.setJobDescription(AveragingRoundTimes.ROUND_DESCRIPTION + splitNum + "/" + totalSplits);
        try {
            super.processResults(network, graph, results, splitNum, totalSplits);
        } finally {
            sc.setJobDescription(null);
        }
        double loss = network != null ? network.getScore() : graph.getScore();
        listener.roundDone(splitNum, totalSplits, loss);
    }
}
