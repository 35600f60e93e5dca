package io.sparkcnn.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A {@link MultiLayerNetwork} whose training steps let a fast first layer skip its input gradient. DL4J's training
 * step ({@code fit}, through {@link #computeGradientAndScore()}) throws away the gradient with respect to the
 * network's input, yet every layer computes it: for the seed CNN's first convolution a GEMM and a col2im, ~6 % of a
 * replica's time, for nothing. Layers cannot tell a training step from a call that returns the input gradient
 * ({@code calculateGradients}, {@code backpropGradient}); this class tells them, on the calling thread, for the
 * duration of the step. A plain {@code MultiLayerNetwork} with the same configuration gives the same results, with
 * the input gradient computed.
 */
public class TrainingNetwork extends MultiLayerNetwork {
    /** The first layer of the network whose training step runs on this thread, if any. */
    private static final ThreadLocal<Layer> TRAINING_FIRST_LAYER = new ThreadLocal<>();

    public TrainingNetwork(MultiLayerConfiguration conf) {
        super(conf);
    }

    @Override
    public void computeGradientAndScore() {
        Layer outer = TRAINING_FIRST_LAYER.get();
        TRAINING_FIRST_LAYER.set(getLayer(0));
        try {
            super.computeGradientAndScore();
        } finally {
            TRAINING_FIRST_LAYER.set(outer);
        }
    }

    /**
     * Whether the gradient that {@code layer}'s backprop returns (with respect to its input) is thrown away: true
     * when it is the first layer of a {@code TrainingNetwork} whose training step runs on this thread.
     */
    static boolean inputGradientDiscarded(Layer layer) {
        return TRAINING_FIRST_LAYER.get() == layer;
    }
}
