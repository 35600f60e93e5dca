package io.sparkcnn.models;

import io.sparkcnn.layers.conf.FastActivationLayer;
import io.sparkcnn.layers.conf.FastBatchNormalizationLayer;
import io.sparkcnn.layers.conf.FastConvolutionLayer;
import io.sparkcnn.layers.conf.FastDenseLayer;
import io.sparkcnn.layers.conf.FastOutputLayer;
import io.sparkcnn.layers.conf.FastPoolingLayer;
import io.sparkcnn.layers.kernels.PointwiseActivation;
import org.deeplearning4j.nn.conf.ConvolutionMode;
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
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The pieces every model is built from, the zoo's and those imported from Keras ({@link KerasLayers}), so the
 * hyperparameters mean the same in each and one place decides whose code computes a layer: spark-cnn's fast layers
 * when the spec asks for them and they cover the layer's settings, DL4J's own otherwise.
 */
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
        return dense(spec, units, activation.getActivationFunction(), dropout, true);
    }

    static DenseLayer dense(ModelSpec spec, int units, IActivation activation, double dropout, boolean bias) {
        DenseLayer.Builder b = fast(spec, PointwiseActivation.of(activation).isPresent())
                ? new FastDenseLayer.Builder()
                : new DenseLayer.Builder();
        b.nOut(units).activation(activation).hasBias(bias);
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
        OutputLayer.Builder b = fast(spec, true)
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
        return conv(spec, Window.square(kernel, padding), filters, activation.getActivationFunction(), true);
    }

    static ConvolutionLayer conv(ModelSpec spec, Window window, int filters, IActivation activation, boolean bias) {
        boolean covered = window.mode() == ConvolutionMode.Truncate && PointwiseActivation.of(activation).isPresent();
        ConvolutionLayer.Builder b = fast(spec, covered)
                ? new FastConvolutionLayer.Builder(window.kernel())
                : new ConvolutionLayer.Builder(window.kernel());
        return b.stride(window.stride()).padding(window.padding()).convolutionMode(window.mode()).nOut(filters)
                .activation(activation).hasBias(bias).build();
    }

    static SubsamplingLayer pool2x2(ModelSpec spec, SubsamplingLayer.PoolingType type) {
        return pool(spec, type, new Window(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
                ConvolutionMode.Truncate));
    }

    static SubsamplingLayer pool(ModelSpec spec, SubsamplingLayer.PoolingType type, Window window) {
        boolean covered = window.mode() == ConvolutionMode.Truncate && window.unpadded()
                && (type == SubsamplingLayer.PoolingType.MAX || type == SubsamplingLayer.PoolingType.AVG);
        SubsamplingLayer.Builder b = fast(spec, covered)
                ? new FastPoolingLayer.Builder(type)
                : new SubsamplingLayer.Builder(type);
        return b.kernelSize(window.kernel()).stride(window.stride()).padding(window.padding())
                .convolutionMode(window.mode()).build();
    }

    /** Batch normalisation over each channel of a convolution's output, DL4J's defaults (decay 0.9, eps 1e-5). */
    static BatchNormalization batchNorm(ModelSpec spec) {
        BatchNormalization.Builder b = fast(spec, true)
                ? new FastBatchNormalizationLayer.Builder()
                : new BatchNormalization.Builder();
        return b.build();
    }

    /**
     * Batch normalisation with a moving-average decay and epsilon of its own (Keras: momentum 0.99, 1e-3), keeping the
     * variance as a parameter (as DL4J's Keras import does) or, with {@code logStd}, log10 of the deviation.
     */
    static BatchNormalization batchNorm(ModelSpec spec, double decay, double eps, boolean logStd) {
        BatchNormalization.Builder b = fast(spec, true)
                ? new FastBatchNormalizationLayer.Builder()
                : new BatchNormalization.Builder();
        return b.decay(decay).eps(eps).useLogStd(logStd).build();
    }

    /** A layer applying {@code activation} alone (after batch normalisation), from the spec's implementation. */
    static ActivationLayer activation(ModelSpec spec, Activation activation) {
        return activation(spec, activation.getActivationFunction());
    }

    static ActivationLayer activation(ModelSpec spec, IActivation activation) {
        if (fast(spec, PointwiseActivation.of(activation).isPresent())) {
            FastActivationLayer layer = new FastActivationLayer();
            layer.setActivationFn(activation);
            return layer;
        }
        return new ActivationLayer.Builder().activation(activation).build();
    }

    /** Whether a layer runs spark-cnn's fast code: the spec asks for it, and the fast layer covers its settings. */
    private static boolean fast(ModelSpec spec, boolean covered) {
        return spec.layers() == LayerImplementation.FAST && covered;
    }

    /** DL4J's dropOut(p) takes the probability of KEEPING an activation; users give the fraction dropped. */
    private static double retainProbability(double dropRate) {
        return 1 - dropRate;
    }
}
