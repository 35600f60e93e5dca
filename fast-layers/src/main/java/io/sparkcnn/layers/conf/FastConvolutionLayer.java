package io.sparkcnn.layers.conf;

import java.util.Collection;

import io.sparkcnn.layers.runtime.FastConvolution;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a {@link FastConvolution}: DL4J's {@link ConvolutionLayer} configuration (same options, same
 * parameters, same JSON apart from the class name), instantiating the fast implementation.
 */
public class FastConvolutionLayer extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation of saved models. */
    public FastConvolutionLayer() {
    }

    private FastConvolutionLayer(Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerWiring.wire(new FastConvolution(conf, networkDataType), this, conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    /** DL4J's convolution builder; {@code build()} gives the fast layer. */
    // DL4J's build() is generic in the layer it returns; ours returns its own (javac checks the override here)
    @SuppressWarnings("unchecked")
    public static class Builder extends ConvolutionLayer.Builder {
        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        @Override
        public FastConvolutionLayer build() {
            super.build(); // DL4J's validation of kernel, stride and padding
            return new FastConvolutionLayer(this);
        }
    }
}
