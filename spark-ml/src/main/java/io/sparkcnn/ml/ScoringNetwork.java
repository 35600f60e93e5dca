package io.sparkcnn.ml;

import java.io.Serializable;

import io.sparkcnn.layers.runtime.TrainingNetwork;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What executors need to rebuild a network for scoring, as the distributed evaluation ships it: the configuration as
 * JSON and the parameters.
 *
 * @param configuration the network's configuration, DL4J's JSON
 * @param parameters    its parameters, one flat array
 */
record ScoringNetwork(String configuration, INDArray parameters) implements Serializable {

    static ScoringNetwork of(MultiLayerNetwork network) {
        return new ScoringNetwork(network.getLayerWiseConfigurations().toJson(), network.params().dup());
    }

    /** A network of its own for this task (the broadcast arrays are copied: in local mode they are shared). */
    MultiLayerNetwork build() {
        return TrainingNetwork.withParameters(MultiLayerConfiguration.fromJson(configuration), parameters);
    }
}
