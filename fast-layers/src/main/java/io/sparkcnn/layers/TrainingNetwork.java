package io.sparkcnn.layers;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A {@link MultiLayerNetwork} whose training steps tell its fast layers what in them nobody will read, so that they
 * skip computing or writing it. Layers cannot tell a training step from other calls (a {@code calculateGradients}
 * returns the input gradient, a {@code feedForward} returns every activation); the network can, and tells them, on
 * the calling thread, for the duration of the step:
 * <ul>
 * <li>DL4J's training step ({@code fit}, through {@link #computeGradientAndScore()}) throws away the gradient with
 * respect to the network's input, yet every layer computes it: for the seed CNN's first convolution a GEMM and a
 * col2im, for nothing ({@link #inputGradientDiscarded});</li>
 * <li>an array that one fast layer gives the next one, which reads it from the giver's Java copy
 * ({@link HandedOver}), need not be written at all when nothing else reads it: no listener (they see every
 * activation), no preprocessor in between ({@link #readOnlyAsCopy}).</li>
 * </ul>
 * A plain {@code MultiLayerNetwork} with the same configuration gives the same results, doing all of it.
 */
public class TrainingNetwork extends MultiLayerNetwork {
    /** What the training step running on this thread, if any, lets its layers skip. */
    private static final ThreadLocal<Step> STEP = new ThreadLocal<>();

    public TrainingNetwork(MultiLayerConfiguration conf) {
        super(conf);
    }

    @Override
    public void computeGradientAndScore() {
        Step outer = STEP.get();
        STEP.set(new Step(this));
        HandedOver.clear();
        try {
            super.computeGradientAndScore();
        } finally {
            STEP.set(outer);
            HandedOver.clear();
        }
    }

    /**
     * Whether the gradient that {@code layer}'s backprop returns (with respect to its input) is thrown away: true
     * when it is the first layer of a {@code TrainingNetwork} whose training step runs on this thread.
     */
    static boolean inputGradientDiscarded(Layer layer) {
        Step step = STEP.get();
        return step != null && step.first == layer;
    }

    /**
     * Whether, in the training step running on this thread, {@code layer}'s {@code output} (its activations, else the
     * gradient it returns) is read by nothing but the fast layer it goes to, from the Java copy handed over with it.
     */
    static boolean readOnlyAsCopy(Layer layer, boolean output) {
        Step step = STEP.get();
        return step != null && (output ? step.outputsReadAsCopy : step.gradientsReadAsCopy).contains(layer);
    }

    /**
     * Whether, in the training step running on this thread, {@code layer}'s input gradient goes, unread by anything
     * else, to a fast layer that can take it in sparse form ({@link HandedOver#giveSparse}).
     */
    static boolean gradientReadSparse(Layer layer) {
        Step step = STEP.get();
        return step != null && step.gradientsReadSparse.contains(layer);
    }

    private static final class Step {
        final Layer first;
        final Set<Layer> outputsReadAsCopy = Collections.newSetFromMap(new IdentityHashMap<>());
        final Set<Layer> gradientsReadAsCopy = Collections.newSetFromMap(new IdentityHashMap<>());
        final Set<Layer> gradientsReadSparse = Collections.newSetFromMap(new IdentityHashMap<>());

        Step(MultiLayerNetwork net) {
            Layer[] layers = net.getLayers();
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
            first = layers[0];
            boolean listened = !net.getListeners().isEmpty();
            for (int i = 0; i + 1 < layers.length; i++) {
                // Layer i's output is layer i+1's input, unless a preprocessor makes a new array of it on the way.
                boolean direct = conf.getInputPreProcess(i + 1) == null;
                if (direct && !listened && HandedOver.readsInputCopy(layers[i + 1])) {
                    outputsReadAsCopy.add(layers[i]);
                }
                // Layer i+1's input gradient goes to layer i's backprop, through the same preprocessor's backprop.
                if (direct && HandedOver.readsGradientCopy(layers[i])) {
                    gradientsReadAsCopy.add(layers[i + 1]);
                }
                if (direct && HandedOver.readsSparseGradient(layers[i])) {
                    gradientsReadSparse.add(layers[i + 1]);
                }
            }
        }
    }
}
