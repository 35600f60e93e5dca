package io.sparkcnn.layers.conf;

import java.util.Collection;

import io.sparkcnn.layers.runtime.FastOutput;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Configuration of a {@link FastOutput}: DL4J's {@link OutputLayer} configuration (same options, same parameters,
 * same JSON apart from the class name), instantiating the fast implementation.
 */
public class FastOutputLayer extends OutputLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation of saved models. */
    public FastOutputLayer() {
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastOutputLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerWiring.wire(new FastOutput(conf, networkDataType), this, conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    /** DL4J's output-layer builder; {@code build()} gives the fast layer. */
    // DL4J's build() is generic in the layer it returns; ours returns its own (javac checks the override here)
    @SuppressWarnings("unchecked")
    public static class Builder extends OutputLayer.Builder {
        public Builder(LossFunctions.LossFunction lossFunction) {
            super(lossFunction);
        }

        @Override
        public FastOutputLayer build() {
            return LayerSettings.copy(super.build(), new FastOutputLayer(), OutputLayer.class);
        }
    }
}
