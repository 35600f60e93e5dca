package io.sparkcnn.jobs;

import java.util.Collection;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * DL4J's parameter-averaging worker, binding the task to its GPU ({@link TaskGpu}) before the replica's arrays
 * are created, so that they live on the GPU Spark assigned, and adding the nanoseconds the replica spends fitting
 * minibatches to a Spark accumulator (what an epoch spends outside the replicas' fit is then known on the driver).
 */
final class GpuBoundTrainingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;
    private final LongAccumulator fitNanos;

    GpuBoundTrainingWorker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater,
                           WorkerConfiguration configuration, Collection<TrainingHook> hooks,
                           Collection<TrainingListener> listeners, StatsStorageRouterProvider router,
                           LongAccumulator fitNanos) {
        super(broadcast, saveUpdater, configuration, hooks, listeners, router);
        this.fitNanos = fitNanos;
    }

    @Override
    public MultiLayerNetwork getInitialModel() {
        TaskGpu.bind();
        return super.getInitialModel();
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
