package io.sparkcnn.benchmark;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.SettingProblem;

/**
 * What a benchmark measures: every model with every layer implementation, as a single replica and with Spark
 * parameter averaging at each worker count, then the peers.
 *
 * @param models             the models to measure
 * @param layers             the layer implementations to measure each model with (fast-layers, DL4J's own)
 * @param workers            the Spark worker counts to measure (local mode, one replica per worker)
 * @param averagingFrequency minibatches each Spark replica fits between two averagings (train's option)
 * @param peers              the peer engines to run in child JVMs (empty: none)
 * @param threads            native threads of the single replica and the peers (the machine's cores)
 */
public record VariantSettings(List<String> models, List<LayerImplementation> layers, List<Integer> workers,
                              int averagingFrequency, List<String> peers, int threads) {
    public static final List<String> DEFAULT_MODELS = List.of("cnn", "cnn-bn");
    public static final List<LayerImplementation> DEFAULT_LAYERS = List.of(LayerImplementation.FAST,
            LayerImplementation.DL4J);
    public static final List<Integer> DEFAULT_WORKERS = List.of(1, 2);
    public static final List<String> PEER_ENGINES = List.of("tensorflow", "pytorch");

    public VariantSettings {
        models = List.copyOf(models);
        layers = List.copyOf(layers);
        workers = List.copyOf(workers);
        peers = List.copyOf(peers);
    }

    /** Both models with both layer implementations, 1 and 2 workers, train's averaging, no peers, every core. */
    public static VariantSettings defaults() {
        return new VariantSettings(DEFAULT_MODELS, DEFAULT_LAYERS, DEFAULT_WORKERS,
                AveragingSettings.DEFAULT_AVERAGING_FREQUENCY, List.of(), Runtime.getRuntime().availableProcessors());
    }

    public VariantSettings withModels(List<String> names) {
        return new VariantSettings(names, layers, workers, averagingFrequency, peers, threads);
    }

    public VariantSettings withLayers(List<LayerImplementation> implementations) {
        return new VariantSettings(models, implementations, workers, averagingFrequency, peers, threads);
    }

    public VariantSettings withWorkers(List<Integer> counts) {
        return new VariantSettings(models, layers, counts, averagingFrequency, peers, threads);
    }

    public VariantSettings withAveragingFrequency(int minibatches) {
        return new VariantSettings(models, layers, workers, minibatches, peers, threads);
    }

    public VariantSettings withPeers(List<String> engines) {
        return new VariantSettings(models, layers, workers, averagingFrequency, engines, threads);
    }

    public VariantSettings withThreads(int count) {
        return new VariantSettings(models, layers, workers, averagingFrequency, peers, count);
    }

    /** The most workers measured: the Spark master has a thread for each. */
    public int maxWorkers() {
        return workers.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** How the Spark variant with {@code count} workers averages its replicas. */
    public AveragingSettings averaging(int count) {
        return AveragingSettings.defaults().withWorkers(count).withAveragingFrequency(averagingFrequency);
    }

    /** Each invalid field, named as its option. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        if (models.isEmpty()) {
            problems.add(new SettingProblem("models", "must name at least one model"));
        }
        for (String m : models) {
            if (!ModelCatalog.names().contains(m)) {
                problems.add(new SettingProblem("models", ": '" + m + "' is unknown: expected one of "
                        + ModelCatalog.names()));
            }
        }
        if (models.stream().distinct().count() < models.size()) {
            problems.add(new SettingProblem("models", "lists a model twice: " + String.join(",", models)));
        }
        if (layers.isEmpty()) {
            problems.add(new SettingProblem("layers", "must name at least one layer implementation"));
        }
        if (layers.stream().distinct().count() < layers.size()) {
            problems.add(new SettingProblem("layers", "lists an implementation twice: " + layers));
        }
        for (int w : workers) {
            if (w < 1) {
                problems.add(new SettingProblem("workers-list", ": every worker count must be at least 1, was " + w));
            }
        }
        if (workers.stream().distinct().count() < workers.size()) {
            problems.add(new SettingProblem("workers-list", "lists a worker count twice: " + workers));
        }
        SettingProblem.atLeast(problems, "averaging-frequency", averagingFrequency, 1);
        for (String p : peers) {
            if (!PEER_ENGINES.contains(p)) {
                problems.add(new SettingProblem("peers", ": peer engine '" + p + "' is unknown: expected one of "
                        + PEER_ENGINES));
            }
        }
        SettingProblem.atLeast(problems, "threads", threads, 1);
        return problems;
    }
}
