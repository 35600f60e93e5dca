package io.sparkcnn.models;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType;
import org.nd4j.linalg.activations.Activation;

/**
 * The seed CNN with batch normalisation after each convolution (conv - BN - ReLU - pool) and dropout before the
 * two dense layers. Batch normalisation keeps each layer's inputs centred, so a larger learning rate trains
 * stably; its running mean and variance are parameters in DL4J, so parameter averaging averages them too.
 */
public final class BatchNormCnn implements ModelDefinition {
    public static final String NAME = "cnn-bn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "the seed CNN with batch norm after each convolution and dropout before the dense layers";
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(Optimizer.ADAM, 2e-3, 0.85, LearningRateSchedule.EXPONENTIAL, 0.25, 0.0,
                WeightInitScheme.HE, 128, List.of(32, 32));
    }

    @Override
    public MultiLayerConfiguration configuration(ModelSpec spec) {
        double dropout = spec.hyper().dropout();
        return Layers.network(spec)
                .list()
                .layer(Layers.conv(spec, 3, 0, spec.hyper().filters(0), Activation.IDENTITY))
                .layer(Layers.batchNorm(spec))
                .layer(Layers.activation(spec, Activation.RELU))
                .layer(Layers.pool2x2(spec, PoolingType.MAX))
                .layer(Layers.conv(spec, 3, 0, spec.hyper().filters(1), Activation.IDENTITY))
                .layer(Layers.batchNorm(spec))
                .layer(Layers.activation(spec, Activation.RELU))
                .layer(Layers.pool2x2(spec, PoolingType.MAX))
                .layer(Layers.dense(spec, spec.hyper().hiddenUnits(), Activation.RELU, dropout))
                .layer(Layers.softmax(spec, dropout))
                .setInputType(Layers.flatImages(spec))
                .build();
    }
}
