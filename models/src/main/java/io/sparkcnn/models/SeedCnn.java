package io.sparkcnn.models;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType;
import org.nd4j.linalg.activations.Activation;

/**
 * The seed CNN, the network every figure in BENCHMARKS.md refers to:
 * Conv(32, 3x3, ReLU) - MaxPool 2x2 - Conv(32, 3x3, ReLU) - MaxPool 2x2 - Dense(128, ReLU) - Dense(softmax),
 * Adam 1e-3, cross-entropy. Convolutions are unpadded ("valid"), as in the Keras original: 28 - 26 - 13 - 11 - 5.
 */
public final class SeedCnn implements ModelDefinition {
    public static final String NAME = "cnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "the seed CNN: conv32-pool-conv32-pool-dense128-softmax, Adam 1e-3";
    }

    @Override
    public Hyperparameters defaults() {
        // He initialisation suits the ReLU layers; no dropout, so the seed recipe is exactly the specified one.
        return new Hyperparameters(Optimizer.ADAM, 1e-3, 1.0, LearningRateSchedule.EXPONENTIAL, 0.0, 0.0,
                WeightInitScheme.HE, 128, List.of(32, 32));
    }

    @Override
    public MultiLayerConfiguration configuration(ModelSpec spec) {
        double dropout = spec.hyper().dropout();
        return Layers.network(spec)
                .list()
                .layer(Layers.conv(spec, 3, 0, spec.hyper().filters(0), Activation.RELU))
                .layer(Layers.pool2x2(spec, PoolingType.MAX))
                .layer(Layers.conv(spec, 3, 0, spec.hyper().filters(1), Activation.RELU))
                .layer(Layers.pool2x2(spec, PoolingType.MAX))
                .layer(Layers.dense(spec, spec.hyper().hiddenUnits(), Activation.RELU, dropout))
                .layer(Layers.softmax(spec, dropout))
                .setInputType(Layers.flatImages(spec))
                .build();
    }
}
