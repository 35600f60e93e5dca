package io.sparkcnn.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sparkcnn.models.Hyperparameters;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.LearningRateSchedule;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.Optimizer;
import io.sparkcnn.models.WeightInitScheme;
import io.sparkcnn.worker.ExecutorSettings;
import io.sparkcnn.loading.Augmentation;

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
 * @param roundsPerJob       averaging rounds per Spark job (the replicas average among themselves between a job's
 *                           rounds; 1: a Spark job per round)
 * @param prefetch           minibatches each worker loads ahead asynchronously (0: none)
 * @param hyper              how the model learns (optimizer, learning rate and its schedule, dropout, L2, weight
 *                           init, hidden units): the model's defaults where the user set nothing
 * @param augmentation       random shifts and flips of the training images, new every epoch
 * @param seed               seeds weights, shards, the order of minibatches and the augmentation
 * @param trainLimit         use a class-balanced subset of this many training images (0: all)
 * @param testLimit          evaluate on the first this many test images (0: all)
 * @param executor           what each executor needs: backend, native threads per replica, off-heap limit, GPUs
 * @param output             the output directory
 * @param overwrite          replace an existing non-empty output directory
 */
public record TrainSettings(String dataset, Optional<Path> dataDir, String model, LayerImplementation layers,
                            int epochs, int workers,
                            int batchSize, int averagingFrequency, int roundsPerJob, int prefetch, Hyperparameters hyper,
                            Augmentation augmentation, long seed, int trainLimit, int testLimit, ExecutorSettings executor, Path output,
                            boolean overwrite) {

    // Defaults: the seed CNN (its own defaults: Adam 1e-3) at batch 64 on the embedded dataset, two workers.
    public static final String DEFAULT_DATASET = "fashion-mnist";
    public static final String DEFAULT_MODEL = "cnn";
    public static final int DEFAULT_EPOCHS = 3;
    public static final int DEFAULT_WORKERS = 2;
    public static final int DEFAULT_BATCH_SIZE = 64;
    /**
     * Minibatches between averagings. 20 rather than DL4J's usual 5: each round costs a Spark job, a broadcast and
     * the replicas' results on the driver whatever its length, ~0.1 s on 2 cores. Accuracy did not suffer from
     * fewer rounds, it gained: 3 epochs of the seed CNN, seed 42, averaging every 5 / 10 / 20 / 50 minibatches:
     * Fashion-MNIST 0.8862 / 0.8885 / 0.8894 / 0.8834, MNIST – / 0.9856 / 0.9886 / – (BENCHMARKS.md).
     */
    public static final int DEFAULT_AVERAGING_FREQUENCY = 20;
    /**
     * Averaging rounds per Spark job. A Spark job costs ~20-40 ms here whatever it does (scheduling, a broadcast, the
     * results) against ~330 ms for a round of 20 minibatches; between the rounds of a job the replicas are averaged
     * through the driver's RPC instead ({@code AveragingCoordinator}). 8 and all 23 of a Fashion-MNIST epoch's rounds
     * in one job measured the same (Spark / single replica 1.046 and 1.050, BENCHMARKS.md); 8 keeps what a failed job
     * repeats short.
     */
    public static final int DEFAULT_ROUNDS_PER_JOB = 8;
    /**
     * No background loading by default: DL4J's prefetch thread (AsyncDataSetIterator) swallows a loading error,
     * so a corrupt minibatch file would hang the task forever instead of failing it with the file's name. Loading a
     * minibatch file takes about a millisecond against ~100 ms of training on it, so little is lost.
     */
    public static final int DEFAULT_PREFETCH = 0;
    public static final long DEFAULT_SEED = 42;

    /** Fails with every problem listed, each naming its option. */
    public TrainSettings validate() {
        List<String> problems = new ArrayList<>();
        SettingsException.atLeast(problems, "--epochs", epochs, 1);
        SettingsException.atLeast(problems, "--workers", workers, 1);
        SettingsException.atLeast(problems, "--batch-size", batchSize, 1);
        SettingsException.atLeast(problems, "--averaging-frequency", averagingFrequency, 1);
        SettingsException.atLeast(problems, "--rounds-per-job", roundsPerJob, 1);
        SettingsException.atLeast(problems, "--prefetch", prefetch, 0);
        SettingsException.atLeast(problems, "--train-limit", trainLimit, 0);
        SettingsException.atLeast(problems, "--test-limit", testLimit, 0);
        executor.problems().forEach(p -> problems.add("--" + p));
        problems.addAll(hyper.problems());
        problems.addAll(augmentation.problems());

        if (trainLimit > 0 && trainLimit < workers) {
            problems.add("--train-limit " + trainLimit + " is less than --workers " + workers
                    + ": every worker needs at least one image");
        }
        SettingsException.throwIfAny(problems, true);
        return this;
    }

    /** How the replicas are trained and averaged. */
    public AveragingSettings averaging() {
        return new AveragingSettings(workers, averagingFrequency, roundsPerJob);
    }

    /** The same settings with another minibatch size (prepared shards fix theirs). */
    public TrainSettings withBatchSize(int size) {
        return new TrainSettings(dataset, dataDir, model, layers, epochs, workers, size, averagingFrequency, roundsPerJob, prefetch, hyper,
                augmentation, seed, trainLimit, testLimit, executor, output, overwrite);
    }

    /** The settings as a flat map, for the run's provenance. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("dataDir", dataDir.map(Path::toString).orElse(null));
        m.put("model", model);
        m.put("layers", layers.cliName());
        m.put("epochs", epochs);
        m.put("workers", workers);
        m.put("batchSize", batchSize);
        m.put("averagingFrequency", averagingFrequency);
        m.put("roundsPerJob", roundsPerJob);
        m.put("prefetch", prefetch);
        m.put("optimizer", hyper.optimizer().cliName());
        m.put("learningRate", hyper.learningRate());
        m.put("learningRateSchedule", hyper.schedule().cliName());
        // The decay factor means nothing to the cosine schedule: recorded only where it applies.
        m.put("learningRateDecay", hyper.schedule() == LearningRateSchedule.EXPONENTIAL ? hyper.learningRateDecay() : null);
        m.put("dropout", hyper.dropout());
        m.put("l2", hyper.l2());
        m.put("weightInit", hyper.weightInit().cliName());
        m.put("hiddenUnits", hyper.hiddenUnits());
        m.put("filters", hyper.convFilters());
        m.put("augmentShift", augmentation.maxShift());
        m.put("augmentFlip", augmentation.flip());
        m.put("seed", seed);
        m.put("trainLimit", trainLimit);
        m.put("testLimit", testLimit);
        m.put("backend", executor.backend().name().toLowerCase(java.util.Locale.ROOT));
        m.put("threadsPerReplica", executor.threadsPerReplica());
        m.put("offHeap", executor.offHeap());
        m.put("gpusPerExecutor", executor.gpusPerExecutor());
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
        private int roundsPerJob = DEFAULT_ROUNDS_PER_JOB;
        private int prefetch = DEFAULT_PREFETCH;
        // Hyperparameters left null take the model's default.
        private Optimizer optimizer;
        private Double learningRate;
        private Double learningRateDecay;
        private LearningRateSchedule schedule;
        private Double dropout;
        private Double l2;
        private WeightInitScheme weightInit;
        private Integer hiddenUnits;
        private List<Integer> filters;
        private Augmentation augmentation = Augmentation.NONE;
        private long seed = DEFAULT_SEED;
        private int trainLimit;
        private int testLimit;
        private ExecutorSettings executor = ExecutorSettings.defaults();
        private Path output;
        private boolean overwrite;
        private LayerImplementation layers = LayerImplementation.FAST;

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

        public Builder layers(LayerImplementation v) {
            layers = v;
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

        public Builder roundsPerJob(int v) {
            roundsPerJob = v;
            return this;
        }

        public Builder prefetch(int v) {
            prefetch = v;
            return this;
        }

        public Builder optimizer(Optimizer v) {
            optimizer = v;
            return this;
        }

        public Builder learningRate(Double v) {
            learningRate = v;
            return this;
        }

        public Builder learningRateDecay(Double v) {
            learningRateDecay = v;
            return this;
        }

        public Builder schedule(LearningRateSchedule v) {
            schedule = v;
            return this;
        }

        public Builder dropout(Double v) {
            dropout = v;
            return this;
        }

        public Builder l2(Double v) {
            l2 = v;
            return this;
        }

        public Builder weightInit(WeightInitScheme v) {
            weightInit = v;
            return this;
        }

        public Builder hiddenUnits(Integer v) {
            hiddenUnits = v;
            return this;
        }

        /** Filters of each convolution; null or empty: the model's. */
        public Builder filters(List<Integer> v) {
            filters = v == null || v.isEmpty() ? null : List.copyOf(v);
            return this;
        }

        public Builder augmentation(Augmentation v) {
            augmentation = v;
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

        public Builder executor(ExecutorSettings v) {
            executor = v;
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
            if (!ModelCatalog.names().contains(model)) {
                throw new SettingsException("--model '" + model + "' is unknown: expected one of "
                        + ModelCatalog.names());
            }
            return new TrainSettings(dataset, Optional.ofNullable(dataDir), model, layers, epochs, workers, batchSize,
                    averagingFrequency, roundsPerJob, prefetch, hyperparameters(), augmentation, seed, trainLimit, testLimit, executor,
                    output, overwrite).validate();
        }

        /** The user's hyperparameters, each one left unset taken from the model's defaults. */
        private Hyperparameters hyperparameters() {
            Hyperparameters d = ModelCatalog.get(model).defaults();
            if (hiddenUnits != null && !ModelCatalog.get(model).hasSizableHiddenLayer()) {
                throw new SettingsException("--hidden-units: model '" + model + "' has fixed hidden layers");
            }
            if (schedule == LearningRateSchedule.COSINE && learningRateDecay != null) {
                throw new SettingsException("--lr-decay: the cosine schedule takes no decay factor (it falls from"
                        + " --learning-rate towards zero over --epochs); give one or the other");
            }
            return new Hyperparameters(
                    optimizer != null ? optimizer : d.optimizer(),
                    learningRate != null ? learningRate : d.learningRate(),
                    learningRateDecay != null ? learningRateDecay : d.learningRateDecay(),
                    schedule != null ? schedule : d.schedule(),
                    dropout != null ? dropout : d.dropout(),
                    l2 != null ? l2 : d.l2(),
                    weightInit != null ? weightInit : d.weightInit(),
                    hiddenUnits != null ? hiddenUnits : d.hiddenUnits(),
                    filters != null ? checkedFilters(d) : d.convFilters());
        }

        /** The user's filters, if they fit the model: one number per convolution. */
        private List<Integer> checkedFilters(Hyperparameters modelDefaults) {
            int convolutions = ModelCatalog.get(model).convolutions();
            if (convolutions == 0) {
                throw new SettingsException("--filters: model '" + model + "' has no convolutions");
            }
            if (filters.size() != convolutions) {
                throw new SettingsException("--filters: model '" + model + "' has " + convolutions
                        + " convolutions, so expected " + convolutions + " numbers, one per convolution (its default: "
                        + modelDefaults.convFilters() + "), got " + filters);
            }
            return filters;
        }
    }
}
