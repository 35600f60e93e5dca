package io.sparkcnn.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * Maps the layers DL4J's Keras import made onto the pieces of {@link Layers}, the same builders the zoo's models use:
 * the fast layers wherever they implement the layer, DL4J's own elsewhere, the network-wide settings (seed,
 * optimizer, L2) from the spec, and the input as spark-cnn's data arrives (flat rows of channel planes, NCHW; DL4J's
 * import keeps Keras' channels-last order, which {@link KerasWeights} reorders where it matters).
 */
final class KerasLayers {
    private KerasLayers() {
    }

    /**
     * The network: the spec's filters for each convolution in order, a Dropout folded into the dense layer it feeds (as
     * {@code --dropout} does), and the last Dense (softmax, or no activation: logits) as the softmax output over the
     * spec's classes, trained with cross-entropy.
     *
     * @return the configuration, and for each of its layers the index of the imported layer it stands for
     */
    static Mapped map(KerasFile keras, MultiLayerConfiguration imported, ModelSpec spec) {
        Path file = keras.path();
        List<Layer> in = new ArrayList<>();
        for (NeuralNetConfiguration c : imported.getConfs()) {
            in.add(c.getLayer());
        }
        int last = lastWeighted(file, in);
        NeuralNetConfiguration.ListBuilder list = Layers.network(spec).list();
        List<Integer> sources = new ArrayList<>();
        double dropout = 0;
        int convolutions = 0;
        for (int i = 0; i <= last; i++) {
            Layer layer = in.get(i);
            boolean dropoutBefore = dropout > 0;
            Layer mapped;
            if (layer instanceof DropoutLayer d && i + 1 <= last && in.get(i + 1).getClass() == DenseLayer.class) {
                dropout = keras.structure().dropoutRate(d.getLayerName());
                continue;
            } else if (i == last) {
                mapped = Layers.softmax(spec, dropoutBefore ? dropout : spec.hyper().dropout());
            } else if (layer.getClass() == DenseLayer.class) {
                DenseLayer d = (DenseLayer) layer;
                mapped = Layers.dense(spec, Math.toIntExact(d.getNOut()), d.getActivationFn(),
                        dropoutBefore ? dropout : spec.hyper().dropout(), d.hasBias());
            } else if (layer.getClass() == ConvolutionLayer.class) {
                ConvolutionLayer c = (ConvolutionLayer) layer;
                mapped = Layers.conv(spec, convWindow(file, c), spec.hyper().filters(convolutions++),
                        c.getActivationFn(), c.hasBias());
            } else if (layer.getClass() == SubsamplingLayer.class) {
                SubsamplingLayer p = (SubsamplingLayer) layer;
                mapped = Layers.pool(spec, SubsamplingLayer.PoolingType.valueOf(p.getPoolingType().name()),
                        new Window(p.getKernelSize(), p.getStride(), p.getPadding(), mode(p.getConvolutionMode())));
            } else if (layer.getClass() == BatchNormalization.class) {
                BatchNormalization b = (BatchNormalization) layer;
                mapped = Layers.batchNorm(spec, b.getDecay(), b.getEps(), b.isUseLogStd());
            } else if (layer.getClass() == ActivationLayer.class) {
                mapped = Layers.activation(spec, ((ActivationLayer) layer).getActivationFn());
            } else if (layer instanceof DropoutLayer d) {
                mapped = new DropoutLayer.Builder(1 - keras.structure().dropoutRate(d.getLayerName())).build();
            } else if (layer instanceof ZeroPaddingLayer z) {
                mapped = new ZeroPaddingLayer.Builder(z.getPadding()).build();
            } else if (layer instanceof GlobalPoolingLayer g) {
                mapped = new GlobalPoolingLayer.Builder(g.getPoolingType()).build();
            } else {
                throw KerasFile.problem(file, "layer '" + layer.getLayerName() + "' became DL4J's "
                        + layer.getClass().getSimpleName() + ", which spark-cnn does not train");
            }
            dropout = 0;
            mapped.setLayerName(layer.getLayerName());
            list.layer(mapped);
            sources.add(i);
        }
        MultiLayerConfiguration configuration = list.setInputType(Layers.flatImages(spec)).build();
        return new Mapped(configuration, List.copyOf(sources));
    }

    /** A network mapped from an import, and for each of its layers the imported layer's index. */
    record Mapped(MultiLayerConfiguration configuration, List<Integer> sources) {
    }

    /**
     * The layer that becomes the softmax output: the last Dense, with softmax or without activation (logits, for a
     * loss {@code from_logits=True}), followed at most by a Softmax/Activation('softmax') layer.
     */
    private static int lastWeighted(Path file, List<Layer> layers) {
        int last = layers.size() - 1;
        if (layers.get(last).getClass() == ActivationLayer.class
                && ((ActivationLayer) layers.get(last)).getActivationFn() instanceof ActivationSoftmax && last > 0) {
            last--;
        }
        Layer output = layers.get(last);
        IActivation a = output instanceof DenseLayer d ? d.getActivationFn() : null;
        boolean softmaxAfter = last < layers.size() - 1;
        boolean classifier = output.getClass() == DenseLayer.class
                && (a instanceof ActivationIdentity || a instanceof ActivationSoftmax && !softmaxAfter);
        if (!classifier) {
            throw KerasFile.problem(file, "the last layer '" + output.getLayerName() + "' is not a Dense layer with"
                    + " softmax (or without activation: logits, then optionally a Softmax layer), which a classifier"
                    + " over the dataset's classes ends with");
        }
        return last;
    }

    /**
     * Keras' "same" padding at stride 1 with an odd kernel pads (k - 1) / 2 on every side: written as explicit
     * padding, the fast convolution computes it. Other "same" windows stay DL4J's to pad.
     */
    private static Window convWindow(Path file, ConvolutionLayer c) {
        for (int d : c.getDilation()) {
            if (d != 1) {
                throw KerasFile.problem(file, "layer '" + c.getLayerName() + "' is a dilated convolution"
                        + " (dilation_rate " + java.util.Arrays.toString(c.getDilation()) + "), which spark-cnn"
                        + " does not train");
            }
        }
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        ConvolutionMode mode = mode(c.getConvolutionMode());
        if (mode == ConvolutionMode.Same && s[0] == 1 && s[1] == 1 && k[0] % 2 == 1 && k[1] % 2 == 1) {
            return new Window(k, s, new int[] {(k[0] - 1) / 2, (k[1] - 1) / 2}, ConvolutionMode.Truncate);
        }
        return new Window(k, s, c.getPadding(), mode);
    }

    /** Keras' "valid" is DL4J's Truncate (what it imports), "same" its Same. */
    private static ConvolutionMode mode(ConvolutionMode imported) {
        return imported == ConvolutionMode.Same ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }
}
