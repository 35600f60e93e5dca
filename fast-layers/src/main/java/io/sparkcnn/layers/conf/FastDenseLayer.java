package io.sparkcnn.layers.conf;

import java.util.Collection;

import io.sparkcnn.layers.runtime.FastDense;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a {@link FastDense}: DL4J's {@link DenseLayer} configuration (same options, same parameters,
 * same JSON apart from the class name), instantiating the fast implementation.
 */
public class FastDenseLayer extends DenseLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation of saved models. */
    public FastDenseLayer() {
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastDenseLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerWiring.wire(new FastDense(conf, networkDataType), this, conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    /** DL4J's dense builder; {@code build()} gives the fast layer. */
    // DL4J's build() is generic in the layer it returns; ours returns its own (javac checks the override here)
    @SuppressWarnings("unchecked")
    public static class Builder extends DenseLayer.Builder {
        @Override
        public FastDenseLayer build() {
            return LayerSettings.copy(super.build(), new FastDenseLayer(), DenseLayer.class);
        }
    }
}
