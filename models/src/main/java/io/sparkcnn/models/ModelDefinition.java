package io.sparkcnn.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/** One network of the zoo: its name, a line for --help, the hyperparameters it trains well with, its layers. */
public interface ModelDefinition {
    String name();

    String summary();

    /** What a run uses for every hyperparameter the user leaves unset. */
    Hyperparameters defaults();

    MultiLayerConfiguration configuration(ModelSpec spec);

    /** Whether {@code --hidden-units} sets the width of a hidden layer (LeNet-5's are fixed by its definition). */
    default boolean hasSizableHiddenLayer() {
        return true;
    }
}
