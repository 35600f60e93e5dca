package io.sparkcnn.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

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
}
