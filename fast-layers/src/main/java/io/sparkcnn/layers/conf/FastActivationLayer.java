package io.sparkcnn.layers.conf;

import java.util.Collection;

import io.sparkcnn.layers.runtime.FastActivation;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a {@link FastActivation}: DL4J's {@link ActivationLayer} configuration (same options, no
 * parameters, same JSON apart from the class name), instantiating the fast implementation.
 */
public class FastActivationLayer extends ActivationLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation of saved models. */
    public FastActivationLayer() {
        super(Activation.IDENTITY);
    }

    public FastActivationLayer(Activation activation) {
        super(activation);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerWiring.wire(new FastActivation(conf, networkDataType), this, conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }
}
