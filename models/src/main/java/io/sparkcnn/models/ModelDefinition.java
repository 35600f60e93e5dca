package io.sparkcnn.models;

import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** One network of the zoo: its name, a line for --help, the hyperparameters it trains well with, its layers. */
public interface ModelDefinition {
    String name();

    String summary();

    /** What a run uses for every hyperparameter the user leaves unset. */
    Hyperparameters defaults();

    MultiLayerConfiguration configuration(ModelSpec spec);

    /** How many convolutions the network has: one filter width per convolution in {@code --filters}. */
    default int convolutions() {
        return defaults().convFilters().size();
    }

    /** Whether {@code --hidden-units} sets the width of a hidden layer (LeNet-5's are fixed by its definition). */
    default boolean hasSizableHiddenLayer() {
        return true;
    }

    /**
     * Puts the weights the model comes with (a Keras .h5 file's) into a new network of its configuration; the zoo's
     * models start from their initialisation.
     */
    default void startFrom(MultiLayerNetwork network, ModelSpec spec) {
    }

    /**
     * Where the model came from, for the run's log and {@code run.json} (an imported file: its name, md5, what it
     * decided and which layers run fast); empty for the zoo's models, which the settings name fully.
     *
     * @param used  the hyperparameters the run trains with
     * @param built the network's configuration as built for the run
     */
    default Map<String, Object> provenance(Hyperparameters used, MultiLayerConfiguration built) {
        return Map.of();
    }
}
