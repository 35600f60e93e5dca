package io.sparkcnn.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The models a user can ask for by name. */
public final class ModelCatalog {
    private static final Map<String, Function<ModelSpec, MultiLayerConfiguration>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put(SeedCnn.NAME, SeedCnn::configuration);
    }

    private ModelCatalog() {
    }

    public static Set<String> names() {
        return MODELS.keySet();
    }

    public static MultiLayerConfiguration configuration(String name, ModelSpec spec) {
        Function<ModelSpec, MultiLayerConfiguration> factory = MODELS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + names());
        }
        return factory.apply(spec);
    }

    /** A new network with freshly initialised weights (deterministic for the spec's seed). */
    public static MultiLayerNetwork newNetwork(String name, ModelSpec spec) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(name, spec));
        net.init();
        return net;
    }
}
