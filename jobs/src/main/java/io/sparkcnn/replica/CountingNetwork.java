package io.sparkcnn.replica;

import io.sparkcnn.layers.runtime.TrainingNetwork;
import io.sparkcnn.training.CorrectCount;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A replica that counts its training pass's correct predictions, for the training accuracy during an epoch without
 * evaluating the training set again. A training step computes the output layer's scores for its minibatch anyway,
 * but keeps them inside the layer; right after backprop, before the optimiser's update, the layer still holds the
 * input the step used (dropout applied) and the weights it used, so the step's predicted class is the largest score
 * of {@code input · W + b} (softmax does not change which class is largest). A small product read beside the step:
 * it touches neither the step's arrays nor any random number generator, so the replica trains exactly as a
 * {@link TrainingNetwork} does (ParameterAveragingTest compares it with plain DL4J networks to the last bit).
 *
 * <p>Counted only in training steps ({@code fit}) and for a softmax output layer with weights and bias, as every
 * model of the catalogue has; otherwise nothing is counted, and the accuracy is unknown (NaN).
 */
@SuppressWarnings("overrides") // MultiLayerNetwork's own doEvaluation(iterator, T[]) implements a varargs method
public class CountingNetwork extends TrainingNetwork {
    private static final long serialVersionUID = 1L;
    private static final String W = DefaultParamInitializer.WEIGHT_KEY;
    private static final String B = DefaultParamInitializer.BIAS_KEY;

    private transient boolean inTrainingStep;
    private long correct;
    private long examples;

    public CountingNetwork(MultiLayerConfiguration conf) {
        super(conf);
    }

    @Override
    public void computeGradientAndScore() {
        inTrainingStep = true;
        try {
            super.computeGradientAndScore();
        } finally {
            inTrainingStep = false;
        }
    }

    @Override
    protected Pair<Gradient, INDArray> calcBackpropGradients(INDArray epsilon, boolean withOutputLayer, boolean tbptt,
                                                             boolean returnInputActGrad) {
        Pair<Gradient, INDArray> gradients = super.calcBackpropGradients(epsilon, withOutputLayer, tbptt,
                returnInputActGrad);
        if (inTrainingStep && withOutputLayer) {
            count(getOutputLayer(), getLabels());
        }
        return gradients;
    }

    private void count(Layer output, INDArray labels) {
        if (!(output instanceof BaseOutputLayer<?> layer) || labels == null || labels.rank() != 2
                || !(layer.layerConf().getActivationFn() instanceof ActivationSoftmax)
                || layer.getParam(W) == null || layer.getParam(B) == null || output.input() == null) {
            return;
        }
        // New arrays outside the step's workspaces, which hold the step's own arrays.
        MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces();
        try {
            INDArray scores = output.input().mmul(layer.getParam(W)).addiRowVector(layer.getParam(B));
            long[] predicted = scores.argMax(1).toLongVector();
            long[] truth = labels.argMax(1).toLongVector();
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == truth[i]) {
                    correct++;
                }
            }
            examples += predicted.length;
        } finally {
            outside.close();
        }
    }

    /** The count since the last call (or since the replica was built), and starts counting afresh. */
    public CorrectCount takeCount() {
        CorrectCount count = new CorrectCount(correct, examples);
        correct = 0;
        examples = 0;
        return count;
    }
}
