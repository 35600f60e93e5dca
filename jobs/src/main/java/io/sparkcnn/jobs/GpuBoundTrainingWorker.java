package io.sparkcnn.jobs;

import java.util.Collection;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/**
 * DL4J's parameter-averaging worker, binding the task to its GPU ({@link TaskGpu}) before the replica's arrays
 * are created, so that they live on the GPU Spark assigned.
 */
final class GpuBoundTrainingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;

    GpuBoundTrainingWorker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater,
                           WorkerConfiguration configuration, Collection<TrainingHook> hooks,
                           Collection<TrainingListener> listeners, StatsStorageRouterProvider router) {
        super(broadcast, saveUpdater, configuration, hooks, listeners, router);
    }

    @Override
    public MultiLayerNetwork getInitialModel() {
        TaskGpu.bind();
        return super.getInitialModel();
    }
}
