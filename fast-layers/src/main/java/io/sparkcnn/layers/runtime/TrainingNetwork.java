package io.sparkcnn.layers.runtime;

import java.util.IdentityHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.FwdPassType;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link MultiLayerNetwork} whose training steps tell its fast layers what in them nobody will read, so that they
 * skip computing or writing it. Layers cannot tell a training step from other calls (a {@code calculateGradients}
 * returns the input gradient, a {@code feedForward} returns every activation); the network can, and tells them, on
 * the calling thread, for the duration of the step:
 * <ul>
 * <li>DL4J's training step ({@code fit}, through {@link #computeGradientAndScore()}) throws away the gradient with
 * respect to the network's input, yet every layer computes it: for the seed CNN's first convolution a GEMM and a
 * col2im, for nothing ({@link #inputGradientDiscarded});</li>
 * <li>an array that one fast layer gives the next one can be read from the giver's Java copy ({@link HandedOver})
 * when the two are directly connected ({@link #directReader}), and need not be written at all when nothing else
 * reads it: no listener (they see every activation), no preprocessor in between ({@link #readOnlyAsCopy}).</li>
 * </ul>
 * Inference ({@code output}, and the score and evaluation that DL4J computes through the same forward pass) is told
 * likewise that only the last layer's output leaves it ({@link #inferring}): the arrays in between may stay in Java
 * copies, and a first convolution may hand over its output pooled at once, without the winners or anything else a
 * backprop would need. {@code feedForward} and the other calls that return every layer's activations open no scope,
 * so every layer writes its output there.
 * A plain {@code MultiLayerNetwork} with the same configuration gives the same results, doing all of it.
 */
@SuppressWarnings("overrides") // MultiLayerNetwork's own doEvaluation(iterator, T[]) implements a varargs method
public class TrainingNetwork extends MultiLayerNetwork {
    private static final long serialVersionUID = 1L;
    /** What the training step running on this thread, if any, lets its layers skip. */
    private static final ThreadLocal<Step> STEP = new ThreadLocal<>();

    public TrainingNetwork(MultiLayerConfiguration conf) {
        super(conf);
    }

    /**
     * A network of {@code conf} with a copy of {@code params}: how a network is rebuilt for inference (an evaluation's
     * or scoring's task, a loaded model), so that its {@code output} takes the inference pass's fast paths.
     */
    public static TrainingNetwork withParameters(MultiLayerConfiguration conf, INDArray params) {
        TrainingNetwork net = new TrainingNetwork(conf);
        net.init(params, true);
        return net;
    }

    @Override
    public void computeGradientAndScore() {
        runAsTrainingStep(super::computeGradientAndScore);
    }

    /**
     * The forward pass behind every {@code output} call (and DL4J's {@code score}, {@code scoreExamples},
     * {@code doEvaluation}), up to {@code layerIndex}, whose output alone is returned: in inference (not {@code train})
     * run as an inference pass, where each layer's output is read by the next layer alone. DL4J calls no listener in
     * it (1.0.0-M2), and copies nothing out of it but the last layer's output.
     */
    @Override
    protected INDArray outputOfLayerDetached(boolean train, FwdPassType fwdPassType, int layerIndex, INDArray input,
                                             INDArray featureMask, INDArray labelsMask, MemoryWorkspace outputWs) {
        if (train || fwdPassType != FwdPassType.STANDARD) {
            return super.outputOfLayerDetached(train, fwdPassType, layerIndex, input, featureMask, labelsMask,
                    outputWs);
        }
        Step outer = STEP.get();
        STEP.set(new Step(this, layerIndex, true));
        HandedOver.clear();
        try {
            return super.outputOfLayerDetached(false, fwdPassType, layerIndex, input, featureMask, labelsMask,
                    outputWs);
        } finally {
            STEP.set(outer);
            HandedOver.clear();
        }
    }

    /**
     * Runs {@code step} as this network's training step: its layers, called on this thread in the network's order
     * with the arrays DL4J would pass, skip what a training step does not read. {@link #computeGradientAndScore} runs
     * DL4J's step so; a measurement that calls the layers one by one (to time each) runs its calls so.
     */
    public void runAsTrainingStep(Runnable step) {
        Step outer = STEP.get();
        STEP.set(new Step(this, getLayers().length - 1, false));
        HandedOver.clear();
        try {
            step.run();
        } finally {
            STEP.set(outer);
            HandedOver.clear();
        }
    }

    /**
     * Whether an inference pass of a {@code TrainingNetwork} runs on this thread ({@link #outputOfLayerDetached}):
     * its layers keep nothing for a backprop.
     */
    static boolean inferring() {
        Step step = STEP.get();
        return step != null && step.inference;
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
     * The layer that reads {@code giver}'s {@code output} (else its input gradient) directly, from the Java copy handed
     * over with it, in the training step running on this thread: the next layer (the one below, for a gradient) when it
     * is a fast layer that reads copies and no preprocessor sits in between; null when there is none or no step runs.
     */
    static Layer directReader(Layer giver, boolean output) {
        Step step = STEP.get();
        return step == null ? null : (output ? step.outputReaders : step.gradientReaders).get(giver);
    }

    /**
     * Whether, in the training step running on this thread, {@code layer}'s {@code output} (its activations, else the
     * gradient it returns) is read by nothing but its direct reader, from the copy: there is one, and for activations,
     * no listener (listeners see every activation).
     */
    static boolean readOnlyAsCopy(Layer layer, boolean output) {
        Step step = STEP.get();
        return directReader(layer, output) != null && !(output && step.listened);
    }

    /**
     * For a layer whose backprop falls back to DL4J's code, which reads the input array: fails if the layer's forward
     * pass took the fast path on this very input ({@code fastForwardInput}, the input its fast forward pass kept, is
     * it), perhaps reading the copy of an array its neighbour left unwritten. Not expected within one float network
     * (the fast paths of a layer's forward pass and backprop cover the same inputs); an error rather than a wrong
     * result if it happens.
     */
    static void requireInputWritten(Layer layer, INDArray fastForwardInput) {
        Step step = STEP.get();
        boolean fastForward = fastForwardInput != null && fastForwardInput == layer.input();
        if (fastForward && step != null && !step.listened && step.outputReaders.containsValue(layer)) {
            throw new IllegalStateException(layer.getClass().getSimpleName() + " (layer " + layer.getIndex()
                    + ") would read its input from ND4J's array, which the layer below left unwritten in this"
                    + " training step (only its Java copy holds the values)");
        }
    }

    /**
     * Whether, in the training step running on this thread, {@code layer}'s input gradient goes, unread by anything
     * else, to a fast layer that can take it in sparse form ({@link HandedOver#giveSparse}).
     */
    static boolean gradientReadSparse(Layer layer) {
        return HandedOver.readsSparseGradient(directReader(layer, false));
    }

    private static final class Step {
        /** The first layer, whose input gradient is thrown away; null in inference (no backprop at all). */
        final Layer first;
        final boolean inference;
        final boolean listened;
        /** Giver to direct reader, for activations. */
        final Map<Layer, Layer> outputReaders = new IdentityHashMap<>();
        /** Giver to direct reader, for input gradients. */
        final Map<Layer, Layer> gradientReaders = new IdentityHashMap<>();

        /**
         * The plan of a pass through {@code net}'s layers up to {@code last}, whose output is returned: a training step
         * (all layers), else an inference pass, in which no listener is called.
         */
        Step(MultiLayerNetwork net, int last, boolean inference) {
            Layer[] layers = net.getLayers();
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
            this.inference = inference;
            first = inference ? null : layers[0];
            listened = !inference && !net.getListeners().isEmpty();
            for (int i = 0; i < last; i++) {
                // Layer i's output is layer i+1's input, and layer i+1's input gradient goes to layer i's backprop,
                // unless a preprocessor makes a new array of them on the way.
                if (conf.getInputPreProcess(i + 1) != null) {
                    continue;
                }
                if (HandedOver.readsInputCopy(layers[i + 1])) {
                    outputReaders.put(layers[i], layers[i + 1]);
                }
                if (HandedOver.readsGradientCopy(layers[i])) {
                    gradientReaders.put(layers[i + 1], layers[i]);
                }
            }
        }
    }
}
