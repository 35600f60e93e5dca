package io.sparkcnn.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sparkcnn.executor.ExecutorSettings;
import io.sparkcnn.loading.Augmentation;
import io.sparkcnn.models.Hyperparameters;
import io.sparkcnn.models.LearningRateSchedule;

/**
 * Everything a training run is configured with, by concern. {@link #problems()} checks every field at once and
 * names each bad one, so a user fixes a command line in one go.
 *
 * @param data         which images: dataset, where its files are, subsets of the training and test sets
 * @param model        which network and how it learns (the model's hyperparameters where the user set none)
 * @param loop         epochs, minibatch size, seed
 * @param averaging    replicas, minibatches between averagings, averaging rounds per Spark job
 * @param augmentation random shifts and flips of the training images, new every epoch
 * @param executor     what each executor needs: backend, GPUs, native threads per replica, off-heap limit, prefetch
 * @param output       the output directory, and whether a non-empty one may be replaced
 */
public record TrainSettings(DataSettings data, ModelSettings model, LoopSettings loop, AveragingSettings averaging,
                            Augmentation augmentation, ExecutorSettings executor, OutputSettings output) {

    /** The defaults the command line shows, writing into {@code output}: the seed CNN on Fashion-MNIST, 2 replicas. */
    public static TrainSettings defaults(Path output) {
        return new TrainSettings(DataSettings.defaults(), ModelSettings.defaults(), LoopSettings.defaults(),
                AveragingSettings.defaults(), Augmentation.NONE, ExecutorSettings.defaults(),
                new OutputSettings(output, false));
    }

    public TrainSettings withData(DataSettings value) {
        return new TrainSettings(value, model, loop, averaging, augmentation, executor, output);
    }

    public TrainSettings withModel(ModelSettings value) {
        return new TrainSettings(data, value, loop, averaging, augmentation, executor, output);
    }

    public TrainSettings withLoop(LoopSettings value) {
        return new TrainSettings(data, model, value, averaging, augmentation, executor, output);
    }

    public TrainSettings withAveraging(AveragingSettings value) {
        return new TrainSettings(data, model, loop, value, augmentation, executor, output);
    }

    public TrainSettings withAugmentation(Augmentation value) {
        return new TrainSettings(data, model, loop, averaging, value, executor, output);
    }

    public TrainSettings withExecutor(ExecutorSettings value) {
        return new TrainSettings(data, model, loop, averaging, augmentation, value, output);
    }

    public TrainSettings withOutput(OutputSettings value) {
        return new TrainSettings(data, model, loop, averaging, augmentation, executor, value);
    }

    /** Every invalid field, each record's own and those that depend on two records. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        problems.addAll(loop.problems());
        problems.addAll(averaging.problems());
        problems.addAll(data.problems());
        problems.addAll(executor.problems());
        problems.addAll(model.problems());
        problems.addAll(augmentation.problems());
        problems.addAll(output.problems());
        if (data.trainLimit() > 0 && data.trainLimit() < averaging.workers()) {
            problems.add(new SettingProblem("train-limit", data.trainLimit() + " is less than --workers "
                    + averaging.workers() + ": every worker needs at least one image"));
        }
        return problems;
    }

    /** These settings, or a {@link SettingsException} listing every problem as its option. */
    public TrainSettings validate() {
        SettingsException.throwIfAny(problems());
        return this;
    }

    /** The settings as a flat map, for the run's provenance ({@code run.json}'s {@code settings}). */
    public Map<String, Object> asMap() {
        Hyperparameters hyper = model.hyper();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", data.dataset());
        m.put("dataDir", data.dataDir().map(Path::toString).orElse(null));
        m.put("model", model.name());
        m.put("layers", model.layers().cliName());
        m.put("epochs", loop.epochs());
        m.put("workers", averaging.workers());
        m.put("batchSize", loop.batchSize());
        m.put("averagingFrequency", averaging.averagingFrequency());
        m.put("roundsPerJob", averaging.roundsPerJob());
        m.put("workerScaling", averaging.scaling().cliName());
        m.put("roundRetries", averaging.roundRetries());
        m.put("prefetch", executor.prefetch());
        m.put("optimizer", hyper.optimizer().cliName());
        m.put("learningRate", hyper.learningRate());
        m.put("learningRateSchedule", hyper.schedule().cliName());
        // The decay factor means nothing to the cosine schedule: recorded only where it applies.
        m.put("learningRateDecay",
                hyper.schedule() == LearningRateSchedule.EXPONENTIAL ? hyper.learningRateDecay() : null);
        m.put("dropout", hyper.dropout());
        m.put("l2", hyper.l2());
        m.put("weightInit", hyper.weightInit().cliName());
        m.put("hiddenUnits", hyper.hiddenUnits());
        m.put("filters", hyper.convFilters());
        m.put("augmentShift", augmentation.maxShift());
        m.put("augmentFlip", augmentation.flip());
        m.put("seed", loop.seed());
        m.put("trainLimit", data.trainLimit());
        m.put("testLimit", data.testLimit());
        m.put("backend", executor.backend().name().toLowerCase(Locale.ROOT));
        m.put("threadsPerReplica", executor.threadsPerReplica());
        m.put("offHeap", executor.offHeap());
        m.put("gpusPerExecutor", executor.gpusPerExecutor());
        m.put("output", output.path().toString());
        m.put("overwrite", output.overwrite());
        return m;
    }
}
