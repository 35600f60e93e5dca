package io.sparkcnn.layers.conf;

import java.util.Collection;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What DL4J's layer configurations do in {@code instantiate}, once for the fast layers' configurations. */
final class LayerWiring {
    private LayerWiring() {
    }

    static <L extends AbstractLayer<?>> L wire(L layer, org.deeplearning4j.nn.conf.layers.Layer config,
                                               NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                               int layerIndex, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(config.initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
