package io.sparkcnn.models;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType;
import org.nd4j.linalg.activations.Activation;

/**
 * LeCun et al.'s LeNet-5 (1998) as courses teach it: Conv(6, 5x5, padded to keep 28x28) - AvgPool 2x2 -
 * Conv(16, 5x5) - AvgPool 2x2 - Dense(120) - Dense(84) - softmax, tanh throughout. The original's 32x32 input is
 * our 28x28 padded by 2, which is the padding of the first convolution.
 */
public final class LeNet5 implements ModelDefinition {
    public static final String NAME = "lenet5";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "LeNet-5: conv6-avgpool-conv16-avgpool-dense120-dense84-softmax, tanh";
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(Optimizer.ADAM, 1e-3, 1.0, LearningRateSchedule.EXPONENTIAL, 0.0, 0.0,
                WeightInitScheme.XAVIER, 128, List.of(6, 16));
    }

    @Override
    public boolean hasSizableHiddenLayer() {
        return false;
    }

    @Override
    public MultiLayerConfiguration configuration(ModelSpec spec) {
        double dropout = spec.hyper().dropout();
        return Layers.network(spec)
                .list()
                .layer(Layers.conv(spec, 5, 2, spec.hyper().filters(0), Activation.TANH))
                .layer(Layers.pool2x2(spec, PoolingType.AVG))
                .layer(Layers.conv(spec, 5, 0, spec.hyper().filters(1), Activation.TANH))
                .layer(Layers.pool2x2(spec, PoolingType.AVG))
                .layer(Layers.dense(spec, 120, Activation.TANH, dropout))
                .layer(Layers.dense(spec, 84, Activation.TANH, dropout))
                .layer(Layers.softmax(spec, dropout))
                .setInputType(Layers.flatImages(spec))
                .build();
    }
}
