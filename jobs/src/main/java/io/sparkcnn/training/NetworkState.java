package io.sparkcnn.training;

import java.io.Serializable;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's trainable state as plain float arrays: its parameters, its optimiser state, and the iteration and epoch
 * counts the optimiser's step depends on (Adam's bias correction, schedules). What the driver broadcasts at the start
 * of each Spark job of an epoch; the configuration travels once per epoch, in a broadcast of its own.
 *
 * <p>DL4J broadcasts the configuration and the parameters as INDArrays every round; Java serialisation writes an
 * INDArray one float at a time, and configuration objects field by field: about 14 ms of the driver's time per
 * round for the seed CNN, against well under 1 ms for float arrays (BENCHMARKS.md).
 */
public final class NetworkState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] parameters;
    private final long[] parameterShape;
    private final float[] updaterState; // null: the network has no optimiser state
    private final long[] updaterShape;
    private final int iterationCount;
    private final int epochCount;

    private NetworkState(float[] parameters, long[] parameterShape, float[] updaterState, long[] updaterShape,
                         int iterationCount, int epochCount) {
        this.parameters = parameters;
        this.parameterShape = parameterShape;
        this.updaterState = updaterState;
        this.updaterShape = updaterShape;
        this.iterationCount = iterationCount;
        this.epochCount = epochCount;
    }

    /** The state of {@code network} now (a float network: the arrays travel as floats). */
    public static NetworkState of(MultiLayerNetwork network) {
        INDArray params = network.params();
        if (params.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("parameter averaging here trains float networks; this one holds "
                    + params.dataType() + " parameters");
        }
        Updater updater = network.getUpdater();
        INDArray state = updater != null ? updater.getStateViewArray() : null;
        return new NetworkState(floats(params), params.shape(), state == null ? null : floats(state),
                state == null ? null : state.shape(), network.getLayerWiseConfigurations().getIterationCount(),
                network.getLayerWiseConfigurations().getEpochCount());
    }

    public INDArray parameters() {
        return Nd4j.create(parameters, parameterShape, 'c');
    }

    /** The optimiser state, or null when the network had none. */
    public INDArray updaterState() {
        return updaterState == null ? null : Nd4j.create(updaterState, updaterShape, 'c');
    }

    public int iterationCount() {
        return iterationCount;
    }

    public int epochCount() {
        return epochCount;
    }

    /**
     * Sets the counts the optimiser's step depends on where DL4J reads them during a fit: the configuration's, and
     * each layer's copy (init copied the epoch's start; fit copies them only after its step).
     */
    public static void setStepCounts(MultiLayerNetwork network, int iterationCount, int epochCount) {
        network.getLayerWiseConfigurations().setIterationCount(iterationCount);
        network.getLayerWiseConfigurations().setEpochCount(epochCount);
        for (Layer layer : network.getLayers()) {
            layer.setIterationCount(iterationCount);
            layer.setEpochCount(epochCount);
        }
    }

    static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }
}
