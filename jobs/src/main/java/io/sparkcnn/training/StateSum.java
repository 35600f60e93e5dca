package io.sparkcnn.training;

import java.io.Serializable;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sum of some replicas' states (parameters, optimiser state, minibatch loss, and how many of their training
 * pass's predictions since their last report were right) as plain float arrays and counts: what a
 * replica's task sends at the end of a round, through the {@link AveragingCoordinator} or its Spark job's result, and
 * what the driver's tree aggregate adds up. Summed in float, in the order the states come, as DL4J's aggregation
 * does, so two replicas average to exactly the same parameters either way.
 */
public final class StateSum implements Serializable {
    private static final long serialVersionUID = 5L;

    private float[] parameters;
    private float[] updaterStates;
    private double lossSum;
    /** The sum over the replicas of their parameters' squared norm, in double: with the sum, their drift. */
    private double squaredNorms;
    private int count;
    /** The replicas' correct predictions on the minibatches they fitted since they last reported. */
    private CorrectCount trained = CorrectCount.NONE;

    /** The empty sum. */
    public StateSum() {
    }

    /** One replica's state now, with its optimiser state, and its last minibatch's loss. */
    public static StateSum of(MultiLayerNetwork replica) {
        return of(replica, CorrectCount.NONE);
    }

    /**
     * One replica's state now, with its optimiser state, its last minibatch's loss, and {@code trained}, its training
     * pass's correct predictions since it last reported.
     */
    public static StateSum of(MultiLayerNetwork replica, CorrectCount trained) {
        StateSum s = new StateSum();
        s.trained = trained;
        s.parameters = NetworkState.floats(replica.params());
        Updater updater = replica.getUpdater();
        INDArray state = updater != null ? updater.getStateViewArray() : null;
        s.updaterStates = state == null ? null : NetworkState.floats(state);
        s.lossSum = replica.score();
        s.squaredNorms = squaredNorm(s.parameters);
        s.count = 1;
        return s;
    }

    /**
     * Loads the mean of the summed states into {@code network}: its parameters, and its optimiser state when the sum
     * has one. Does nothing to an empty sum.
     */
    public void loadMeanInto(MultiLayerNetwork network) {
        if (count == 0) {
            return;
        }
        network.setParameters(Nd4j.create(parameters, network.params().shape(), 'c').divi(count));
        if (updaterStates != null) {
            INDArray state = network.getUpdater().getStateViewArray();
            network.getUpdater().setStateViewArray(null,
                    Nd4j.create(updaterStates, state.shape(), 'c').divi(count), false);
        }
        Nd4j.getExecutioner().commit();
    }

    /** A sum of one state with these parameters, {@code updaterStates} and minibatch loss (for tests and rules). */
    static StateSum of(float[] parameters, float[] updaterStates, double loss) {
        StateSum s = new StateSum();
        s.parameters = parameters.clone();
        s.updaterStates = updaterStates == null ? null : updaterStates.clone();
        s.lossSum = loss;
        s.squaredNorms = squaredNorm(parameters);
        s.count = 1;
        return s;
    }

    /** The replicas' mean parameters, a new array (each sum divided by the count, in float). */
    float[] meanParameters() {
        return divided(parameters, count);
    }

    /**
     * The state an {@link AveragingRule} decided on, as a sum of one: {@code next} as its parameters, with these
     * replicas' mean optimiser state and mean loss.
     */
    StateSum withParameters(float[] next) {
        return of(next, updaterStates == null ? null : divided(updaterStates, count), meanLoss());
    }

    private static float[] divided(float[] sum, int count) {
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = sum[i] / count;
        }
        return mean;
    }

    /** Adds another sum to this one. */
    public StateSum merge(StateSum other) {
        if (other.count == 0) {
            return this;
        }
        parameters = add("parameters", parameters, other.parameters);
        updaterStates = add("optimiser states", updaterStates, other.updaterStates);
        lossSum += other.lossSum;
        squaredNorms += other.squaredNorms;
        count += other.count;
        trained = trained.plus(other.trained);
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

    /** The summed replicas' correct predictions in their training passes since they last reported. */
    public CorrectCount trained() {
        return trained;
    }

    /** The replicas' mean minibatch loss (NaN for the empty sum). */
    public double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /**
     * How far the summed replicas are from their mean: the root mean square over the replicas of the Euclidean
     * distance between a replica's parameters and the mean's, {@code sqrt(mean_k |p_k - mean|^2)} (0 for one replica,
     * NaN for none). Computed from the sum and the replicas' squared norms, {@code mean_k |p_k|^2 - |mean|^2}, in
     * double: what the driver has, whether the states came through the coordinator or a tree aggregate.
     */
    public ReplicaDrift drift() {
        if (count == 0) {
            return new ReplicaDrift(Double.NaN, Double.NaN);
        }
        double meanNormSquared = 0;
        for (float p : parameters) {
            double mean = (double) p / count;
            meanNormSquared += mean * mean;
        }
        double spread = count == 1 ? 0 : Math.max(0, squaredNorms / count - meanNormSquared);
        return new ReplicaDrift(Math.sqrt(spread), Math.sqrt(meanNormSquared));
    }

    private static double squaredNorm(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return sum;
    }

    /** How many replicas' states are in the sum. */
    public int count() {
        return count;
    }
}
