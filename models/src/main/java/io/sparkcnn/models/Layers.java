package io.sparkcnn.models;

import io.sparkcnn.layers.conf.FastActivationLayer;
import io.sparkcnn.layers.conf.FastBatchNormalizationLayer;
import io.sparkcnn.layers.conf.FastConvolutionLayer;
import io.sparkcnn.layers.conf.FastDenseLayer;
import io.sparkcnn.layers.conf.FastOutputLayer;
import io.sparkcnn.layers.conf.FastPoolingLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The pieces every model of the zoo is built from, so the hyperparameters mean the same in each. */
final class Layers {
    private Layers() {
    }

    /** Seed, optimizer, weight initialisation and L2 penalty: the network-wide settings. */
    static NeuralNetConfiguration.Builder network(ModelSpec spec) {
        Hyperparameters h = spec.hyper();
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .updater(h.optimizer().updater(h.learningRate(), spec.layers()))
                .weightInit(h.weightInit().dl4j());
        if (h.l2() > 0) {
            b.l2(h.l2());
        }
        return b;
    }

    /** A CNN's input: examples arrive as flat rows of rows*cols pixels, which DL4J reshapes to [n, c, h, w]. */
    static InputType flatImages(ModelSpec spec) {
        return InputType.convolutionalFlat(spec.rows(), spec.cols(), spec.channels());
    }

    static DenseLayer dense(ModelSpec spec, int units, Activation activation, double dropout) {
        DenseLayer.Builder b = spec.layers() == LayerImplementation.FAST
                ? new FastDenseLayer.Builder()
                : new DenseLayer.Builder();
        b.nOut(units).activation(activation);
        if (dropout > 0) {
            b.dropOut(retainProbability(dropout));
        }
        return b.build();
    }

    /**
     * Softmax over the classes with cross-entropy loss. It always starts Xavier-initialised, whatever the hidden
     * layers use: softmax is not a rectifier, and this is the seed CNN's recipe.
     */
    static OutputLayer softmax(ModelSpec spec, double dropout) {
        OutputLayer.Builder b = spec.layers() == LayerImplementation.FAST
                ? new FastOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT);
        b.nOut(spec.numClasses()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        if (dropout > 0) {
            b.dropOut(retainProbability(dropout));
        }
        return b.build();
    }

    /** A square convolution, unpadded unless {@code padding} > 0, from the spec's layer implementation. */
    static ConvolutionLayer conv(ModelSpec spec, int kernel, int padding, int filters, Activation activation) {
        ConvolutionLayer.Builder b = spec.layers() == LayerImplementation.FAST
                ? new FastConvolutionLayer.Builder(kernel, kernel)
                : new ConvolutionLayer.Builder(kernel, kernel);
        return b.padding(padding, padding).nOut(filters).activation(activation).build();
    }

    static SubsamplingLayer pool2x2(ModelSpec spec, SubsamplingLayer.PoolingType type) {
        SubsamplingLayer.Builder b = spec.layers() == LayerImplementation.FAST
                ? new FastPoolingLayer.Builder(type)
                : new SubsamplingLayer.Builder(type);
        return b.kernelSize(2, 2).stride(2, 2).build();
    }

    /** Batch normalisation over each channel of a convolution's output, DL4J's defaults (decay 0.9, eps 1e-5). */
    static BatchNormalization batchNorm(ModelSpec spec) {
        BatchNormalization.Builder b = spec.layers() == LayerImplementation.FAST
                ? new FastBatchNormalizationLayer.Builder()
                : new BatchNormalization.Builder();
        return b.build();
    }

    /** A layer applying {@code activation} alone (after batch normalisation), from the spec's implementation. */
    static ActivationLayer activation(ModelSpec spec, Activation activation) {
        return spec.layers() == LayerImplementation.FAST
                ? new FastActivationLayer(activation)
                : new ActivationLayer(activation);
    }

    /** DL4J's dropOut(p) takes the probability of KEEPING an activation; users give the fraction dropped. */
    private static double retainProbability(double dropRate) {
        return 1 - dropRate;
    }
}
