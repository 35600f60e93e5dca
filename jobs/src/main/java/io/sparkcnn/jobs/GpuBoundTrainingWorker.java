package io.sparkcnn.jobs;

import java.util.Collection;

import io.sparkcnn.layers.TrainingNetwork;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
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
 * {@link RoundStart} (float arrays instead of DL4J's broadcast of INDArrays), binding the task to its GPU
 * ({@link TaskGpu}) before the replica's arrays are created, so that they live on the GPU Spark assigned, and adding
 * the nanoseconds the replica spends fitting minibatches to a Spark accumulator (what an epoch spends outside the
 * replicas' fit is then known on the driver).
 */
final class GpuBoundTrainingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;
    private final Broadcast<MultiLayerConfiguration> configuration;
    private final Broadcast<RoundStart> round;
    private final LongAccumulator fitNanos;

    GpuBoundTrainingWorker(Broadcast<MultiLayerConfiguration> configuration, Broadcast<RoundStart> round,
                           boolean saveUpdater, WorkerConfiguration workerConfiguration,
                           Collection<TrainingHook> hooks, Collection<TrainingListener> listeners,
                           StatsStorageRouterProvider router, LongAccumulator fitNanos) {
        // DL4J's own broadcast is not used: getInitialModel below is the only reader of it.
        super(null, saveUpdater, workerConfiguration, hooks, listeners, router);
        this.configuration = configuration;
        this.round = round;
        this.fitNanos = fitNanos;
    }

    /**
     * DL4J's replica set-up (1.0.0-M2's getInitialModel): a network of its own configuration (each replica counts
     * its own iterations), on a copy of the round's parameters and optimiser state.
     */
    @Override
    public MultiLayerNetwork getInitialModel() {
        TaskGpu.bind();
        RoundStart start = round.getValue();
        MultiLayerConfiguration conf = configuration.getValue().clone();
        conf.setIterationCount(start.iterationCount());
        conf.setEpochCount(start.epochCount());
        MultiLayerNetwork net = new TrainingNetwork(conf); // its fast first layer skips the unused input gradient
        net.init(start.parameters(), false);
        INDArray updaterState = start.updaterState();
        if (updaterState != null) {
            net.setUpdater(new MultiLayerUpdater(net, updaterState));
        }
        Nd4j.getExecutioner().commit();
        return net;
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
