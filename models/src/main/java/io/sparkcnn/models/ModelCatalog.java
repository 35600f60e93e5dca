package io.sparkcnn.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.sparkcnn.layers.runtime.TrainingNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The models a user can ask for by name. */
public final class ModelCatalog {
    private static final Map<String, ModelDefinition> MODELS = new LinkedHashMap<>();

    static {
        for (ModelDefinition m : new ModelDefinition[] {new Mlp(), new SeedCnn(), new BatchNormCnn(), new LeNet5()}) {
            MODELS.put(m.name(), m);
        }
    }

    private ModelCatalog() {
    }

    public static Set<String> names() {
        return MODELS.keySet();
    }

    public static ModelDefinition get(String name) {
        ModelDefinition m = MODELS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + names());
        }
        return m;
    }

    /**
     * A new network with freshly initialised weights (deterministic for the spec's seed). The spec's filters must
     * give one width per convolution of the model (the command line checks this for users; here for callers).
     */
    public static MultiLayerNetwork newNetwork(String name, ModelSpec spec) {
        ModelDefinition model = get(name);
        if (spec.hyper().convFilters().size() != model.convolutions()) {
            throw new IllegalArgumentException("model '" + name + "' has " + model.convolutions()
                    + " convolutions, but the hyperparameters give " + spec.hyper().convFilters().size()
                    + " filter widths: " + spec.hyper().convFilters());
        }
        // A TrainingNetwork: the fast first layer skips the input gradient that training steps throw away.
        MultiLayerNetwork net = new TrainingNetwork(model.configuration(spec));
        net.init();
        return net;
    }
}
