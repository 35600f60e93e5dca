package io.sparkcnn.models;

import java.util.Locale;

import org.deeplearning4j.nn.weights.WeightInit;

/** The weight initialisations a user can choose, each a DL4J scheme under the name a textbook uses. */
public enum WeightInitScheme {
    /** Glorot/Xavier, Gaussian: variance 2 / (fanIn + fanOut); suits tanh and sigmoid. */
    XAVIER(WeightInit.XAVIER),
    /** Glorot/Xavier, uniform (Keras' default). */
    XAVIER_UNIFORM(WeightInit.XAVIER_UNIFORM),
    /** He, Gaussian: variance 2 / fanIn; suits ReLU. */
    HE(WeightInit.RELU),
    /** He, uniform. */
    HE_UNIFORM(WeightInit.RELU_UNIFORM),
    /** LeCun, Gaussian: variance 1 / fanIn. */
    LECUN(WeightInit.LECUN_NORMAL);

    private final WeightInit dl4j;

    WeightInitScheme(WeightInit dl4j) {
        this.dl4j = dl4j;
    }

    public WeightInit dl4j() {
        return dl4j;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a command-line name, naming the choices on failure. */
    public static WeightInitScheme parse(String text) {
        return CliNames.parse(WeightInitScheme.class, WeightInitScheme::cliName, text, "weight init");
    }
}
