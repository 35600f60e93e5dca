package io.sparkcnn.layers.conf;

import java.util.Arrays;
import java.util.Map;

import io.sparkcnn.layers.runtime.FastAdamUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J's {@link Adam} configuration (same settings, same state layout, same JSON apart from the class name) whose
 * updater runs in Java over the replica's threads: {@link FastAdamUpdater}.
 */
public class FastAdam extends Adam {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation of saved models: DL4J's default settings. */
    public FastAdam() {
    }

    public FastAdam(double learningRate) {
        super(learningRate);
    }

    @Override
    public GradientUpdater<?> instantiate(INDArray viewArray, boolean initializeViewArray) {
        FastAdamUpdater updater = new FastAdamUpdater(this);
        // As Adam's: the view holds the first moments, then the second, each shaped like the gradient.
        long[] gradientShape = Arrays.copyOf(viewArray.shape(), viewArray.rank());
        gradientShape[1] /= 2;
        updater.setStateViewArray(viewArray, gradientShape, viewArray.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<?> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        FastAdamUpdater updater = new FastAdamUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    /** DL4J copies each layer's updater configuration; Adam's copy would lose the subclass. */
    @Override
    public FastAdam clone() {
        FastAdam copy = new FastAdam(getLearningRate());
        copy.setLearningRateSchedule(getLearningRateSchedule());
        copy.setBeta1(getBeta1());
        copy.setBeta2(getBeta2());
        copy.setEpsilon(getEpsilon());
        return copy;
    }
}
