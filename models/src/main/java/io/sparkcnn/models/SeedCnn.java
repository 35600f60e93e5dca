package io.sparkcnn.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The seed CNN, the network every figure in BENCHMARKS.md refers to:
 * Conv(32, 3x3, ReLU) - MaxPool 2x2 - Conv(32, 3x3, ReLU) - MaxPool 2x2 - Dense(128, ReLU) - Dense(softmax),
 * Adam, cross-entropy. Convolutions are unpadded ("valid"), as in the Keras original: 28 - 26 - 13 - 11 - 5.
 */
public final class SeedCnn {
    public static final String NAME = "cnn";

    private SeedCnn() {
    }

    public static MultiLayerConfiguration configuration(ModelSpec spec) {
        return new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .updater(new Adam(spec.learningRate()))
                // He initialisation suits ReLU layers; the output layer's softmax is fine with it too.
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(maxPool2x2())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(maxPool2x2())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(spec.numClasses()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                // Examples arrive as flat rows of rows*cols pixels; DL4J reshapes them to [n, c, h, w].
                .setInputType(InputType.convolutionalFlat(spec.rows(), spec.cols(), spec.channels()))
                .build();
    }

    private static SubsamplingLayer maxPool2x2() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(2, 2).stride(2, 2).build();
    }
}
