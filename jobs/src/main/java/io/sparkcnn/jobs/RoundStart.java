package io.sparkcnn.jobs;

import java.io.Serializable;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the driver broadcasts at the start of an averaging round: the network's parameters and optimiser state as
 * plain float arrays, and the iteration and epoch counts the optimiser's step depends on (Adam's bias correction,
 * schedules). The configuration itself travels once per epoch, in its own broadcast.
 *
 * <p>DL4J broadcasts the configuration and the parameters as INDArrays every round; Java serialisation writes an
 * INDArray one float at a time, and configuration objects field by field: about 14 ms of the driver's time per
 * round for the seed CNN, against well under 1 ms for float arrays (BENCHMARKS.md).
 */
final class RoundStart implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] parameters;
    private final long[] parameterShape;
    private final float[] updaterState; // null: no optimiser state, or not shared
    private final long[] updaterShape;
    private final int iterationCount;
    private final int epochCount;

    private RoundStart(float[] parameters, long[] parameterShape, float[] updaterState, long[] updaterShape,
                       int iterationCount, int epochCount) {
        this.parameters = parameters;
        this.parameterShape = parameterShape;
        this.updaterState = updaterState;
        this.updaterShape = updaterShape;
        this.iterationCount = iterationCount;
        this.epochCount = epochCount;
    }

    /** The state of the driver's network now (a float network: the arrays travel as floats). */
    static RoundStart of(MultiLayerNetwork network) {
        INDArray params = network.params();
        if (params.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("parameter averaging here trains float networks; this one holds "
                    + params.dataType() + " parameters");
        }
        Updater updater = network.getUpdater();
        INDArray state = updater != null ? updater.getStateViewArray() : null;
        return new RoundStart(floats(params), params.shape(), state == null ? null : floats(state),
                state == null ? null : state.shape(), network.getLayerWiseConfigurations().getIterationCount(),
                network.getLayerWiseConfigurations().getEpochCount());
    }

    INDArray parameters() {
        return Nd4j.create(parameters, parameterShape, 'c');
    }

    /** The optimiser state, or null when the round does not carry one. */
    INDArray updaterState() {
        return updaterState == null ? null : Nd4j.create(updaterState, updaterShape, 'c');
    }

    int iterationCount() {
        return iterationCount;
    }

    int epochCount() {
        return epochCount;
    }

    static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }
}
