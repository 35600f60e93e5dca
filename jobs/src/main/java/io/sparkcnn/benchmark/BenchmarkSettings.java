package io.sparkcnn.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.ModelCatalog;

/**
 * What a benchmark measures and how often.
 *
 * @param dataset        dataset name (mnist, fashion-mnist, or any name with {@code dataDir})
 * @param dataDir        a directory with the four IDX files, overriding the lookup of a named dataset
 * @param models         the models to measure, each as a single replica and with Spark
 * @param layers         the layer implementations to measure each model with (fast-layers, DL4J's own)
 * @param trainImages    a class-balanced subset of this many training images (0: all)
 * @param testImages     evaluate on the first this many test images (0: all)
 * @param epochs         timed epochs per measurement
 * @param repeats        measurements of every variant; the figures reported are medians
 * @param workers        the Spark worker counts to measure (local mode, one replica per worker)
 * @param batchSize      minibatch size of every replica
 * @param averagingFrequency minibatches each Spark replica fits between two averagings (train's option)
 * @param warmupImages   before the first repeat, each of our variants trains once, untimed, on a class-balanced
 *                       subset of this many images (0: no warm-up round): the first Spark training in a JVM is much
 *                       slower than the next ones
 * @param threads        native threads of the single replica (the machine's cores)
 * @param peers          the peer engines to run in child JVMs (empty: none)
 * @param seed           seeds weights, the subset and the minibatch order
 * @param output         the JSON file to write (empty: none)
 * @param overwrite      replace an existing output file
 */
public record BenchmarkSettings(String dataset, Optional<Path> dataDir, List<String> models,
                                List<LayerImplementation> layers, int trainImages,
                                int testImages, int epochs, int repeats, List<Integer> workers, int batchSize,
                                int averagingFrequency, int warmupImages, int threads, List<String> peers, long seed,
                                Optional<Path> output, boolean overwrite) {

    public static final List<String> DEFAULT_MODELS = List.of("cnn", "cnn-bn");
    public static final List<LayerImplementation> DEFAULT_LAYERS = List.of(LayerImplementation.FAST,
            LayerImplementation.DL4J);
    public static final List<Integer> DEFAULT_WORKERS = List.of(1, 2);
    public static final List<String> PEER_ENGINES = List.of("tensorflow", "pytorch");
    public static final int DEFAULT_EPOCHS = 1;
    public static final int DEFAULT_REPEATS = 1;
    public static final int DEFAULT_WARMUP_IMAGES = 6400;
    /** Test images the warm-up round evaluates on (its figures are not kept). */
    static final int WARMUP_TEST_IMAGES = 500;

    public BenchmarkSettings {
        models = List.copyOf(models);
        layers = List.copyOf(layers);
        workers = List.copyOf(workers);
        peers = List.copyOf(peers);
    }

    /** The defaults the command line shows: both models, 1 and 2 workers, the full dataset, one epoch, once. */
    public static BenchmarkSettings defaults(Path output) {
        return new BenchmarkSettings(TrainSettings.DEFAULT_DATASET, Optional.empty(), DEFAULT_MODELS, DEFAULT_LAYERS,
                0, 0,
                DEFAULT_EPOCHS, DEFAULT_REPEATS, DEFAULT_WORKERS, TrainSettings.DEFAULT_BATCH_SIZE,
                TrainSettings.DEFAULT_AVERAGING_FREQUENCY, DEFAULT_WARMUP_IMAGES, Runtime.getRuntime().availableProcessors(), List.of(),
                TrainSettings.DEFAULT_SEED, Optional.ofNullable(output), false);
    }

    /** Fails with every problem listed, each naming its option. */
    public BenchmarkSettings validate() {
        List<String> problems = new ArrayList<>();
        if (models.isEmpty()) {
            problems.add("--models must name at least one model");
        }
        for (String m : models) {
            if (!ModelCatalog.names().contains(m)) {
                problems.add("--models: '" + m + "' is unknown: expected one of " + ModelCatalog.names());
            }
        }
        if (models.stream().distinct().count() < models.size()) {
            problems.add("--models lists a model twice: " + String.join(",", models));
        }
        if (layers.isEmpty()) {
            problems.add("--layers must name at least one layer implementation");
        }
        if (layers.stream().distinct().count() < layers.size()) {
            problems.add("--layers lists an implementation twice: " + layers);
        }
        SettingsException.atLeast(problems, "--epochs", epochs, 1);
        SettingsException.atLeast(problems, "--repeats", repeats, 1);
        SettingsException.atLeast(problems, "--batch-size", batchSize, 1);
        SettingsException.atLeast(problems, "--averaging-frequency", averagingFrequency, 1);
        SettingsException.atLeast(problems, "--warmup-images", warmupImages, 0);
        SettingsException.atLeast(problems, "--threads", threads, 1);
        SettingsException.atLeast(problems, "--train-images", trainImages, 0);
        SettingsException.atLeast(problems, "--test-images", testImages, 0);
        for (int w : workers) {
            if (w < 1) {
                problems.add("--workers-list: every worker count must be at least 1, was " + w);
            }
        }
        if (workers.stream().distinct().count() < workers.size()) {
            problems.add("--workers-list lists a worker count twice: " + workers);
        }
        int maxWorkers = workers.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (trainImages > 0 && trainImages < maxWorkers * batchSize) {
            problems.add("--train-images " + trainImages + " is less than one minibatch of " + batchSize
                    + " for each of " + maxWorkers + " workers");
        }
        if (warmupImages > 0 && warmupImages < maxWorkers * batchSize) {
            problems.add("--warmup-images " + warmupImages + " is less than one minibatch of " + batchSize
                    + " for each of " + maxWorkers + " workers (0: no warm-up)");
        }
        for (String p : peers) {
            if (!PEER_ENGINES.contains(p)) {
                problems.add("peer engine '" + p + "' is unknown: expected one of " + PEER_ENGINES);
            }
        }
        output.ifPresent(file -> {
            if (java.nio.file.Files.isDirectory(file)) {
                problems.add("--output " + file + ": is a directory; give a file name, e.g. benchmark.json");
            } else if (java.nio.file.Files.exists(file) && !overwrite) {
                problems.add("--output " + file + ": already exists; choose another file or add --overwrite");
            }
        });
        SettingsException.throwIfAny(problems, true);
        return this;
    }

    /** The settings of the untimed warm-up round: a small subset, one epoch, a small test set, no output. */
    BenchmarkSettings forWarmup() {
        return new BenchmarkSettings(dataset, dataDir, models, layers, warmupImages, WARMUP_TEST_IMAGES, 1, 1, workers,
                batchSize, averagingFrequency, warmupImages, threads, List.of(), seed, Optional.empty(), false);
    }

    /** The Spark master the benchmark runs on: one local thread per replica of the largest worker count. */
    public String master() {
        return "local[" + workers.stream().mapToInt(Integer::intValue).max().orElse(1) + "]";
    }

    /** The settings as a flat map, for the report. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("dataDir", dataDir.map(Path::toString).orElse(null));
        m.put("models", models);
        m.put("layers", layers.stream().map(LayerImplementation::cliName).toList());
        m.put("trainImages", trainImages);
        m.put("testImages", testImages);
        m.put("epochs", epochs);
        m.put("repeats", repeats);
        m.put("workers", workers);
        m.put("batchSize", batchSize);
        m.put("averagingFrequency", averagingFrequency);
        m.put("warmupImages", warmupImages);
        m.put("singleReplicaThreads", threads);
        m.put("peers", peers);
        m.put("seed", seed);
        m.put("master", master());
        m.put("output", output.map(Path::toString).orElse(null));
        return m;
    }
}
