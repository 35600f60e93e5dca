package io.sparkcnn.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sparkcnn.worker.Backend;
import io.sparkcnn.worker.ExecutorSettings;

/**
 * Everything a training run is configured with. {@link #validate()} checks every field at once and names each
 * bad one, so a user fixes a command line in one go.
 *
 * @param dataset            dataset name (mnist, fashion-mnist, or any name with {@code dataDir})
 * @param dataDir            a directory with the four IDX files, overriding the lookup of a named dataset
 * @param model              model name from the catalog
 * @param epochs             passes over the training set
 * @param workers            replicas trained in parallel (one shard each)
 * @param batchSize          minibatch size per worker
 * @param averagingFrequency minibatches each replica fits between two parameter averagings
 * @param prefetch           minibatches each worker loads ahead asynchronously (0: none)
 * @param learningRate       the updater's learning rate
 * @param seed               seeds weights, shards and the order of minibatches
 * @param trainLimit         use a class-balanced subset of this many training images (0: all)
 * @param testLimit          evaluate on the first this many test images (0: all)
 * @param threadsPerReplica  native threads per replica (0: cores divided among the replicas)
 * @param output             the output directory
 * @param overwrite          replace an existing non-empty output directory
 */
public record TrainSettings(String dataset, Optional<Path> dataDir, String model, int epochs, int workers,
                            int batchSize, int averagingFrequency, int prefetch, double learningRate, long seed,
                            int trainLimit, int testLimit, int threadsPerReplica, Path output, boolean overwrite) {

    // Defaults: the seed recipe (Adam 1e-3, batch 64) on the embedded dataset, two workers.
    public static final String DEFAULT_DATASET = "fashion-mnist";
    public static final String DEFAULT_MODEL = "cnn";
    public static final int DEFAULT_EPOCHS = 3;
    public static final int DEFAULT_WORKERS = 2;
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final int DEFAULT_AVERAGING_FREQUENCY = 5;
    public static final int DEFAULT_PREFETCH = 2;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final long DEFAULT_SEED = 42;

    /** Fails with every problem listed, each naming its option. */
    public TrainSettings validate() {
        List<String> problems = new ArrayList<>();
        atLeast(problems, "--epochs", epochs, 1);
        atLeast(problems, "--workers", workers, 1);
        atLeast(problems, "--batch-size", batchSize, 1);
        atLeast(problems, "--averaging-frequency", averagingFrequency, 1);
        atLeast(problems, "--prefetch", prefetch, 0);
        atLeast(problems, "--train-limit", trainLimit, 0);
        atLeast(problems, "--test-limit", testLimit, 0);
        atLeast(problems, "--threads-per-replica", threadsPerReplica, 0);
        if (!(learningRate > 0 && learningRate <= 10)) {
            problems.add("--learning-rate must be in (0, 10], was " + learningRate);
        }
        if (!io.sparkcnn.models.ModelCatalog.names().contains(model)) {
            problems.add("--model '" + model + "' is unknown: expected one of " + io.sparkcnn.models.ModelCatalog.names());
        }
        if (trainLimit > 0 && trainLimit < workers) {
            problems.add("--train-limit " + trainLimit + " is less than --workers " + workers
                    + ": every worker needs at least one image");
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(String.join("; ", problems));
        }
        return this;
    }

    private static void atLeast(List<String> problems, String option, int value, int min) {
        if (value < min) {
            problems.add(option + " must be at least " + min + ", was " + value);
        }
    }

    /** What executors need from these settings (the CPU backend until a GPU option exists). */
    public ExecutorSettings executor() {
        return new ExecutorSettings(Backend.CPU, threadsPerReplica);
    }

    /** The settings as a flat map, for the run's provenance. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("dataDir", dataDir.map(Path::toString).orElse(null));
        m.put("model", model);
        m.put("epochs", epochs);
        m.put("workers", workers);
        m.put("batchSize", batchSize);
        m.put("averagingFrequency", averagingFrequency);
        m.put("prefetch", prefetch);
        m.put("learningRate", learningRate);
        m.put("seed", seed);
        m.put("trainLimit", trainLimit);
        m.put("testLimit", testLimit);
        m.put("threadsPerReplica", threadsPerReplica);
        m.put("output", output.toString());
        m.put("overwrite", overwrite);
        return m;
    }

    /** A builder starting from the defaults the command line shows. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds validated settings; every field starts at its default. */
    public static final class Builder {
        private String dataset = DEFAULT_DATASET;
        private Path dataDir;
        private String model = DEFAULT_MODEL;
        private int epochs = DEFAULT_EPOCHS;
        private int workers = DEFAULT_WORKERS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int averagingFrequency = DEFAULT_AVERAGING_FREQUENCY;
        private int prefetch = DEFAULT_PREFETCH;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private long seed = DEFAULT_SEED;
        private int trainLimit;
        private int testLimit;
        private int threadsPerReplica;
        private Path output;
        private boolean overwrite;

        private Builder() {
        }

        public Builder dataset(String v) {
            dataset = v;
            return this;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder workers(int v) {
            workers = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder averagingFrequency(int v) {
            averagingFrequency = v;
            return this;
        }

        public Builder prefetch(int v) {
            prefetch = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder trainLimit(int v) {
            trainLimit = v;
            return this;
        }

        public Builder testLimit(int v) {
            testLimit = v;
            return this;
        }

        public Builder threadsPerReplica(int v) {
            threadsPerReplica = v;
            return this;
        }

        public Builder output(Path v) {
            output = v;
            return this;
        }

        public Builder overwrite(boolean v) {
            overwrite = v;
            return this;
        }

        /** The settings, validated; the output directory is required. */
        public TrainSettings build() {
            if (output == null) {
                throw new SettingsException("--output is required");
            }
            return new TrainSettings(dataset, Optional.ofNullable(dataDir), model, epochs, workers, batchSize,
                    averagingFrequency, prefetch, learningRate, seed, trainLimit, testLimit, threadsPerReplica, output,
                    overwrite).validate();
        }
    }
}
