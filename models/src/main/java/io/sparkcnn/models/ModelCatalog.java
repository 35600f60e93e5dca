package io.sparkcnn.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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

    /** A new network with freshly initialised weights (deterministic for the spec's seed). */
    public static MultiLayerNetwork newNetwork(String name, ModelSpec spec) {
        MultiLayerNetwork net = new MultiLayerNetwork(get(name).configuration(spec));
        net.init();
        return net;
    }
}
