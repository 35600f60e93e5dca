package io.sparkcnn.layers.conf;

import java.util.Collection;

import io.sparkcnn.layers.runtime.FastBatchNormalization;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a {@link FastBatchNormalization}: DL4J's {@link BatchNormalization} configuration (same options,
 * same parameters, same JSON apart from the class name), instantiating the fast implementation.
 */
public class FastBatchNormalizationLayer extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation of saved models; DL4J's defaults. */
    public FastBatchNormalizationLayer() {
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNOutSet("FastBatchNormalizationLayer", getLayerName(), layerIndex, getNOut());
        return LayerWiring.wire(new FastBatchNormalization(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    /** The fast layer with every setting of {@code built}. */
    static FastBatchNormalizationLayer copyOf(BatchNormalization built) {
        return LayerSettings.copy(built, new FastBatchNormalizationLayer(), BatchNormalization.class);
    }

    /** DL4J's batch normalisation builder; {@code build()} gives the fast layer. */
    // DL4J's build() is generic in the layer it returns; ours returns its own (javac checks the override here)
    @SuppressWarnings("unchecked")
    public static class Builder extends BatchNormalization.Builder {
        @Override
        public FastBatchNormalizationLayer build() {
            return copyOf(super.build());
        }
    }
}
