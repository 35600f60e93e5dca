package io.sparkcnn.peers;

/** The engines the seed CNN can be benchmarked in, by their command-line names. */
public enum PeerEngine {
    TENSORFLOW("tensorflow"),
    PYTORCH("pytorch");

    private final String cliName;

    PeerEngine(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The engine named {@code text} (any case), or an error listing the names. */
    public static PeerEngine parse(String text) {
        for (PeerEngine engine : values()) {
            if (engine.cliName.equalsIgnoreCase(text)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("expected tensorflow or pytorch, got '" + text + "'");
    }

    /** Loads the engine's native library (on first use) and builds the network from {@code initial}. */
    public PeerTrainer create(SeedCnnWeights initial, int threads) {
        return switch (this) {
            case TENSORFLOW -> new TensorFlowSeedCnn(initial, threads);
            case PYTORCH -> new PyTorchSeedCnn(initial, threads);
        };
    }
}
