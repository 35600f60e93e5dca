package io.sparkcnn.layers.conf;

import java.util.Collection;

import io.sparkcnn.layers.runtime.FastPooling;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Configuration of a {@link FastPooling}: DL4J's {@link SubsamplingLayer} configuration, fast implementation. */
public class FastPoolingLayer extends SubsamplingLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation of saved models. */
    public FastPoolingLayer() {
    }

    private FastPoolingLayer(Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerWiring.wire(new FastPooling(conf, networkDataType), this, conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    /** DL4J's subsampling builder; {@code build()} gives the fast layer. */
    // DL4J's build() is generic in the layer it returns; ours returns its own (javac checks the override here)
    @SuppressWarnings("unchecked")
    public static class Builder extends SubsamplingLayer.Builder {
        public Builder(PoolingType type) {
            super(type);
        }

        @Override
        public FastPoolingLayer build() {
            super.build(); // DL4J's validation
            return new FastPoolingLayer(this);
        }
    }
}
