package io.sparkcnn.jobs;

import java.util.Collection;

import io.sparkcnn.layers.runtime.TrainingNetwork;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's parameter-averaging worker, building its replica from the epoch's configuration and the round's
 * {@link RoundStart} (float arrays instead of DL4J's broadcast of INDArrays), or loading the round's state into the
 * replica kept from the round before ({@link ReplicaPool}), binding the task to its GPU
 * ({@link TaskGpu}) before the replica's arrays are created, so that they live on the GPU Spark assigned, and adding
 * the nanoseconds the replica spends fitting minibatches to a Spark accumulator (what an epoch spends outside the
 * replicas' fit is then known on the driver).
 */
final class GpuBoundTrainingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;
    private final Broadcast<MultiLayerConfiguration> configuration;
    private final Broadcast<RoundStart> round;
    private final LongAccumulator fitNanos;
    private final boolean saveUpdater;
    /** Where this task's replica goes back to at the end of its round (null outside a Spark executor). */
    private transient ReplicaPool.Key replica;

    GpuBoundTrainingWorker(Broadcast<MultiLayerConfiguration> configuration, Broadcast<RoundStart> round,
                           boolean saveUpdater, WorkerConfiguration workerConfiguration,
                           Collection<TrainingHook> hooks, Collection<TrainingListener> listeners,
                           StatsStorageRouterProvider router, LongAccumulator fitNanos) {
        // DL4J's own broadcast is not used: getInitialModel below is the only reader of it.
        super(null, saveUpdater, workerConfiguration, hooks, listeners, router);
        this.configuration = configuration;
        this.round = round;
        this.fitNanos = fitNanos;
        this.saveUpdater = saveUpdater;
    }

    /**
     * DL4J's replica set-up (1.0.0-M2's getInitialModel): a network of its own configuration (each replica counts
     * its own iterations), on a copy of the round's parameters and optimiser state: an idle replica this executor
     * kept from an earlier round of the epoch ({@link ReplicaPool}), else a new one.
     */
    @Override
    public MultiLayerNetwork getInitialModel() {
        int device = TaskGpu.bind();
        RoundStart start = round.getValue();
        replica = ReplicaPool.Key.inThisExecutor(configuration.id(), device);
        MultiLayerNetwork net = ReplicaPool.take(replica);
        INDArray updaterState = start.updaterState();
        if (net == null) {
            net = new TrainingNetwork(configuration.getValue().clone()); // its fast first layer skips the unused
            net.init(start.parameters(), false);                          // input gradient
            if (updaterState != null) {
                net.setUpdater(new MultiLayerUpdater(net, updaterState));
            }
        } else {
            net.setParams(start.parameters()); // copied into the replica's own parameter array
            if (updaterState != null) {
                net.getUpdater().getStateViewArray().assign(updaterState);
            }
        }
        setCounts(net, start.iterationCount(), start.epochCount());
        Nd4j.getExecutioner().commit();
        return net;
    }

    /**
     * Sets the counts the optimiser's step depends on (Adam's bias correction, schedules), where DL4J reads them
     * during a fit: the configuration's, and each layer's copy (init copied the epoch's start; fit copies them only
     * after its step).
     */
    static void setCounts(MultiLayerNetwork net, int iterationCount, int epochCount) {
        net.getLayerWiseConfigurations().setIterationCount(iterationCount);
        net.getLayerWiseConfigurations().setEpochCount(epochCount);
        for (Layer layer : net.getLayers()) {
            layer.setIterationCount(iterationCount);
            layer.setEpochCount(epochCount);
        }
    }

    /** Keeps {@code replica}, which this worker's {@link #getInitialModel} gave, for a later task of the epoch. */
    void keep(MultiLayerNetwork replica) {
        ReplicaPool.giveBack(this.replica, replica);
    }

    /** Whether replicas send their optimiser state to be averaged. */
    boolean averagesUpdater() {
        return saveUpdater;
    }

    /**
     * DL4J's result of the round (the replica's parameters, optimiser state and score), copied out of the replica,
     * which is then kept for the next round.
     */
    @Override
    public ParameterAveragingTrainingResult getFinalResult(MultiLayerNetwork network) {
        ParameterAveragingTrainingResult views = super.getFinalResult(network);
        INDArray updaterState = views.getUpdaterState();
        ParameterAveragingTrainingResult result = new ParameterAveragingTrainingResult(views.getParameters().dup(),
                updaterState == null ? null : updaterState.dup(), views.getScore(), views.getListenerMetaData(),
                views.getListenerStaticInfo(), views.getListenerUpdates());
        Nd4j.getExecutioner().commit();
        keep(network);
        return result;
    }

    /**
     * DL4J's step (hooks, {@code fit}, flushing the op queue), timed; the round's result (a copy of the parameters
     * and updater state) is taken after the clock stops, as DL4J would take it for the last minibatch.
     */
    @Override
    public ParameterAveragingTrainingResult processMinibatch(DataSet dataSet, MultiLayerNetwork network,
                                                             boolean isLast) {
        long start = System.nanoTime();
        super.processMinibatch(dataSet, network, false);
        fitNanos.add(System.nanoTime() - start);
        return isLast ? getFinalResult(network) : null;
    }
}
