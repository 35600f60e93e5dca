package io.sparkcnn.models;

import java.util.Locale;

import io.sparkcnn.layers.conf.FastAdam;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** How gradients become weight updates; the names are the ones a course uses. */
public enum Optimizer {
    /** Plain stochastic gradient descent: w -= rate * gradient. */
    SGD,
    /** SGD with (Nesterov) momentum 0.9: keeps a velocity, so steps along a consistent direction grow. */
    MOMENTUM,
    /** Adam: per-weight step sizes from running means of the gradient and its square. */
    ADAM,
    /** RMSprop: steps divided by a running root mean square of the gradient (decay 0.9, as Keras' rho). */
    RMSPROP;

    static final double MOMENTUM_COEFFICIENT = 0.9;
    /** Keras' RMSprop defaults (rho, epsilon): a model imported from Keras trains as it did there. */
    static final double RMSPROP_DECAY = 0.9;
    static final double RMSPROP_EPSILON = 1e-7;

    /** DL4J's updater for this optimizer; Adam's runs in spark-cnn's Java code under {@code --layers fast}. */
    public IUpdater updater(double learningRate, LayerImplementation layers) {
        return switch (this) {
            case SGD -> new Sgd(learningRate);
            case MOMENTUM -> new Nesterovs(learningRate, MOMENTUM_COEFFICIENT);
            case ADAM -> layers == LayerImplementation.FAST ? new FastAdam(learningRate) : new Adam(learningRate);
            case RMSPROP -> new RmsProp(learningRate, RMSPROP_DECAY, RMSPROP_EPSILON);
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name, naming the choices on failure. */
    public static Optimizer parse(String text) {
        return CliNames.parse(Optimizer.class, Optimizer::cliName, text, "optimizer");
    }
}
