package io.sparkcnn.ml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.sparkcnn.executor.ExecutorSettings;
import io.sparkcnn.loading.Augmentation;
import io.sparkcnn.models.Hyperparameters;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.LearningRateSchedule;
import io.sparkcnn.models.Optimizer;
import io.sparkcnn.models.WeightInitScheme;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.ModelSettings;
import io.sparkcnn.settings.OutputSettings;
import io.sparkcnn.settings.SettingProblem;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.settings.WorkerScalingRule;
import org.apache.spark.ml.param.Param;

/**
 * A {@link CnnClassifier}'s params as the settings records {@code train} is configured with, checked by those
 * records: the estimator has no knobs of its own beyond its columns, and the engine cannot tell who configured it.
 */
final class EngineSettings {
    /** Option names whose param is not simply their camel case. */
    private static final Map<String, String> PARAM_OF_OPTION = Map.of("lr-decay", "learningRateDecay",
            "lr-schedule", "learningRateSchedule");

    private EngineSettings() {
    }

    /**
     * The settings of a fit: the data is the DataFrame (named {@code dataset}); no output directory is written (fit
     * returns the model), so the output settings are a placeholder. Invalid values fail with every problem, each
     * named as its param.
     */
    static TrainSettings of(CnnClassifierParams p, String dataset) {
        ModelSettings model = ModelSettings.of(p.getOrDefault(p.model()))
                .withLayers(LayerImplementation.parse(p.getOrDefault(p.layers())));
        model = model.withHyper(hyper(p, model.hyper()));
        LoopSettings loop = new LoopSettings(intValue(p, p.epochs()), intValue(p, p.batchSize()),
                (Long) p.getOrDefault(p.seed()));
        AveragingSettings averaging = new AveragingSettings(intValue(p, p.workers()),
                intValue(p, p.averagingFrequency()), intValue(p, p.roundsPerJob()),
                WorkerScalingRule.parse(p.getOrDefault(p.workerScaling())));
        Augmentation augmentation = new Augmentation(intValue(p, p.augmentShift()),
                (Boolean) p.getOrDefault(p.augmentFlip()));
        ExecutorSettings executor = ExecutorSettings.defaults().withPrefetch(intValue(p, p.prefetch()))
                .withThreadsPerReplica(intValue(p, p.threadsPerReplica()));
        TrainSettings settings = new TrainSettings(new DataSettings(dataset, Optional.empty(), 0, 0), model, loop,
                averaging, augmentation, executor, new OutputSettings(Path.of("."), false));
        List<SettingProblem> problems = new ArrayList<>();
        problems.addAll(model.problems());
        problems.addAll(loop.problems());
        problems.addAll(averaging.problems());
        problems.addAll(augmentation.problems());
        problems.addAll(executor.problems());
        if (!problems.isEmpty()) {
            throw new SettingsException(p.getClass().getSimpleName() + " " + p.uid() + ": "
                    + problems.stream().map(EngineSettings::asParam).collect(Collectors.joining("; ")));
        }
        return settings;
    }

    /** The model's hyperparameters with the params the user set over them. */
    private static Hyperparameters hyper(CnnClassifierParams p, Hyperparameters h) {
        if (p.isDefined(p.optimizer())) {
            h = h.withOptimizer(Optimizer.parse(p.getOrDefault(p.optimizer())));
        }
        if (p.isDefined(p.learningRate())) {
            h = h.withLearningRate((Double) p.getOrDefault(p.learningRate()));
        }
        if (p.isDefined(p.learningRateDecay())) {
            h = h.withLearningRateDecay((Double) p.getOrDefault(p.learningRateDecay()));
        }
        if (p.isDefined(p.learningRateSchedule())) {
            h = h.withSchedule(LearningRateSchedule.parse(p.getOrDefault(p.learningRateSchedule())));
        }
        if (p.isDefined(p.dropout())) {
            h = h.withDropout((Double) p.getOrDefault(p.dropout()));
        }
        if (p.isDefined(p.l2())) {
            h = h.withL2((Double) p.getOrDefault(p.l2()));
        }
        if (p.isDefined(p.weightInit())) {
            h = h.withWeightInit(WeightInitScheme.parse(p.getOrDefault(p.weightInit())));
        }
        if (p.isDefined(p.hiddenUnits())) {
            h = h.withHiddenUnits(intValue(p, p.hiddenUnits()));
        }
        if (p.isDefined(p.filters())) {
            int[] filters = p.getOrDefault(p.filters());
            h = h.withConvFilters(java.util.Arrays.stream(filters).boxed().toList());
        }
        return h;
    }

    private static int intValue(CnnClassifierParams p, Param<Object> param) {
        return (Integer) p.getOrDefault(param);
    }

    /** "batchSize must be at least 1, was 0": the problem under its param's name. */
    static String asParam(SettingProblem problem) {
        String field = problem.field();
        String param = PARAM_OF_OPTION.getOrDefault(field, camelCase(field));
        return param + (problem.problem().startsWith(":") ? "" : " ") + problem.problem();
    }

    private static String camelCase(String option) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : option.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
