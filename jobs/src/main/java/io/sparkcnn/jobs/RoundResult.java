package io.sparkcnn.jobs;

import java.io.Serializable;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sum of some replicas' states at the end of an averaging round, as plain float arrays: what each worker's task
 * sends to the driver at the end of a round, through its Spark job's result or {@link AveragingCoordinator} (DL4J sends
 * INDArrays, which Java serialisation writes and reads one float at a time). Summed in float, in the order the
 * results come, as DL4J's aggregation does, so two replicas average to exactly the same parameters either way.
 */
final class RoundResult implements Serializable {
    private static final long serialVersionUID = 2L;

    private float[] parameterSum;
    private float[] updaterSum;
    private double scoreSum;
    private int count;

    /** The empty sum. */
    RoundResult() {
    }

    /** One replica's state now (with its optimiser state when {@code withUpdater}) and its score. */
    static RoundResult of(MultiLayerNetwork replica, boolean withUpdater) {
        RoundResult r = new RoundResult();
        r.parameterSum = RoundStart.floats(replica.params());
        Updater updater = replica.getUpdater();
        INDArray state = withUpdater && updater != null ? updater.getStateViewArray() : null;
        r.updaterSum = state == null ? null : RoundStart.floats(state);
        r.scoreSum = replica.score();
        r.count = 1;
        return r;
    }

    /**
     * Loads the mean of the summed states into {@code network}: its parameters, and its optimiser state when the sum
     * has one. Does nothing to an empty sum.
     */
    void loadMeanInto(MultiLayerNetwork network) {
        if (count == 0) {
            return;
        }
        network.setParameters(Nd4j.create(parameterSum, network.params().shape(), 'c').divi(count));
        if (updaterSum != null) {
            INDArray state = network.getUpdater().getStateViewArray();
            network.getUpdater().setStateViewArray(null,
                    Nd4j.create(updaterSum, state.shape(), 'c').divi(count), false);
        }
        Nd4j.getExecutioner().commit();
    }

    /** Adds one replica's result (a worker without data returns one without parameters: skipped, as DL4J does). */
    RoundResult add(ParameterAveragingTrainingResult result) {
        if (result.getParameters() == null) {
            return this;
        }
        parameterSum = add("parameters", parameterSum, RoundStart.floats(result.getParameters()));
        if (result.getUpdaterState() != null) {
            updaterSum = add("optimiser states", updaterSum, RoundStart.floats(result.getUpdaterState()));
        }
        scoreSum += result.getScore();
        count++;
        return this;
    }

    /** Adds another sum to this one. */
    RoundResult merge(RoundResult other) {
        if (other.count == 0) {
            return this;
        }
        parameterSum = add("parameters", parameterSum, other.parameterSum);
        updaterSum = add("optimiser states", updaterSum, other.updaterSum);
        scoreSum += other.scoreSum;
        count += other.count;
        return this;
    }

    private static float[] add(String what, float[] sum, float[] values) {
        if (values == null) {
            return sum;
        }
        if (sum == null) {
            return values.clone();
        }
        if (sum.length != values.length) {
            throw new IllegalStateException("replicas returned " + what + " of " + sum.length + " and "
                    + values.length + " values: they are not the same network");
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
        return sum;
    }

    float[] parameterSum() {
        return parameterSum;
    }

    float[] updaterSum() {
        return updaterSum;
    }

    double scoreSum() {
        return scoreSum;
    }

    int count() {
        return count;
    }
}
