package io.sparkcnn.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;

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

    /** For JSON deserialisation of saved models; DL4J's defaults. */
    public FastBatchNormalizationLayer() {
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNOutSet("FastBatchNormalizationLayer", getLayerName(), layerIndex, getNOut());
        return LayerWiring.wire(new FastBatchNormalization(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    /**
     * The fast layer with every setting of {@code built}. DL4J's configuration has only a private constructor from
     * its builder, so the settings are copied field by field, every field of every class up to DL4J's {@code Layer}:
     * none can be forgotten, including ones a later DL4J version adds.
     */
    static FastBatchNormalizationLayer copyOf(BatchNormalization built) {
        FastBatchNormalizationLayer fast = new FastBatchNormalizationLayer();
        for (Class<?> c = BatchNormalization.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(fast, f.get(built));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot copy " + c.getSimpleName() + "." + f.getName()
                            + " into the fast batch normalisation layer", e);
                }
            }
        }
        return fast;
    }

    /** DL4J's batch normalisation builder; {@code build()} gives the fast layer. */
    public static class Builder extends BatchNormalization.Builder {
        @Override
        public FastBatchNormalizationLayer build() {
            return copyOf(super.build());
        }
    }
}
