package io.sparkcnn.layers.conf;

import org.deeplearning4j.nn.conf.layers.Layer;

/** Which layer configurations are spark-cnn's fast layers: the ones of this package, for reports of a network. */
public final class FastLayers {
    private FastLayers() {
    }

    /** Whether {@code layer} instantiates one of spark-cnn's fast layers (else it is DL4J's own). */
    public static boolean isFast(Layer layer) {
        return layer.getClass().getPackageName().equals(FastLayers.class.getPackageName());
    }
}
