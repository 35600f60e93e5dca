package io.sparkcnn.executor;

import java.util.Locale;

/** The ND4J backend a replica computes on. */
public enum Backend {
    CPU, CUDA;

    /** Lets YAML files and the command line say "cpu" and "cuda". */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Backend parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend '" + value + "': expected cpu or cuda");
        }
    }
}
