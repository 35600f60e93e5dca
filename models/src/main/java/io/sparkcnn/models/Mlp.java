package io.sparkcnn.models;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.Activation;

/**
 * The classic from-scratch exercise: pixels (28x28 = 784) - one sigmoid hidden layer - softmax, trained by plain
 * SGD. {@code io.sparkcnn.scratch.ScratchMlp} computes the same network with plain arrays, and the tests check that
 * the two agree.
 */
public final class Mlp implements ModelDefinition {
    public static final String NAME = "mlp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "784-hidden(sigmoid)-softmax perceptron, plain SGD (--hidden-units sets the width)";
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(Optimizer.SGD, 0.5, 1.0, LearningRateSchedule.EXPONENTIAL, 0.0, 0.0,
                WeightInitScheme.XAVIER, 128, List.of());
    }

    @Override
    public MultiLayerConfiguration configuration(ModelSpec spec) {
        double dropout = spec.hyper().dropout();
        return Layers.network(spec)
                .list()
                .layer(Layers.dense(spec, spec.hyper().hiddenUnits(), Activation.SIGMOID, dropout))
                .layer(Layers.softmax(spec, dropout))
                .setInputType(InputType.feedForward((long) spec.rows() * spec.cols() * spec.channels()))
                .build();
    }
}
