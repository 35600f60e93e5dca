package io.sparkcnn.driver.options;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.sparkcnn.models.Hyperparameters;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.LearningRateSchedule;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.Optimizer;
import io.sparkcnn.models.WeightInitScheme;
import io.sparkcnn.settings.ModelSettings;
import io.sparkcnn.settings.SettingProblem;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * Which network and how it learns: the options of {@link ModelSettings}. A hyperparameter left out takes the
 * model's default; a bad name becomes a usage error listing the choices.
 */
public final class ModelOptions {
    @Option(names = "--model", paramLabel = "NAME", completionCandidates = ModelNames.class,
            description = "Network to train: ${COMPLETION-CANDIDATES} ('spark-cnn models' describes them), or"
                    + " keras:FILE, a Keras Sequential model's JSON (model.to_json()) or .h5 file (model.save; its"
                    + " weights and compile() settings are where training starts). Default: ${DEFAULT-VALUE}.")
    String model = ModelSettings.DEFAULT_NAME;

    @Option(names = "--layers", paramLabel = "IMPL", converter = LayersConverter.class, defaultValue = "fast",
            description = "Who computes the layers (convolution, pooling, batch norm, dense, softmax output) and Adam's"
                    + " updates: fast (spark-cnn's, several times faster on CPUs) or dl4j (Deeplearning4j's own; same"
                    + " results). Default: ${DEFAULT-VALUE}.")
    LayerImplementation layers;

    @Option(names = "--optimizer", paramLabel = "NAME", converter = OptimizerConverter.class,
            description = "sgd, momentum (Nesterov, 0.9), adam or rmsprop. Default: the model's (see 'spark-cnn"
                    + " models'; for keras:FILE, an .h5 file's compile() settings, else adam 0.001).")
    Optimizer optimizer;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Step size of the optimizer in the first epoch. Default: the model's.")
    Double learningRate;

    @Option(names = "--lr-decay", paramLabel = "FACTOR",
            description = "Multiply the learning rate by FACTOR after every epoch (1: constant). Default: the model's.")
    Double learningRateDecay;

    @Option(names = "--lr-schedule", paramLabel = "NAME", converter = ScheduleConverter.class,
            description = "exponential (times --lr-decay after every epoch) or cosine (half a cosine wave from"
                    + " --learning-rate towards zero over --epochs). Default: exponential.")
    LearningRateSchedule schedule;

    @Option(names = "--dropout", paramLabel = "RATE",
            description = "Fraction of activations dropped before each dense layer in training (0: none)."
                    + " Default: the model's.")
    Double dropout;

    @Option(names = "--l2", paramLabel = "PENALTY", description = "L2 weight penalty (0: none). Default: the model's.")
    Double l2;

    @Option(names = "--weight-init", paramLabel = "NAME", converter = WeightInitConverter.class,
            description = "xavier, xavier-uniform, he, he-uniform or lecun, for the hidden layers (the softmax layer"
                    + " starts xavier). Default: the model's.")
    WeightInitScheme weightInit;

    @Option(names = "--hidden-units", paramLabel = "N",
            description = "Width of the hidden dense layer of mlp, cnn and cnn-bn. Default: 128.")
    Integer hiddenUnits;

    @Option(names = "--filters", paramLabel = "N,N", split = ",",
            description = "Filters of each convolution, in order (cnn, cnn-bn: 32,32; lenet5: 6,16). Default: the"
                    + " model's.")
    List<Integer> filters;

    /** The model with the hyperparameters given here over its own; an unknown model is refused at once. */
    public ModelSettings settings() {
        ModelSettings settings = ModelSettings.of(model).withLayers(layers);
        Hyperparameters h = settings.hyper();
        h = optimizer != null ? h.withOptimizer(optimizer) : h;
        h = learningRate != null ? h.withLearningRate(learningRate) : h;
        h = learningRateDecay != null ? h.withLearningRateDecay(learningRateDecay) : h;
        h = schedule != null ? h.withSchedule(schedule) : h;
        h = dropout != null ? h.withDropout(dropout) : h;
        h = l2 != null ? h.withL2(l2) : h;
        h = weightInit != null ? h.withWeightInit(weightInit) : h;
        h = hiddenUnits != null ? h.withHiddenUnits(hiddenUnits) : h;
        h = filters != null && !filters.isEmpty() ? h.withConvFilters(filters) : h;
        return settings.withHyper(h);
    }

    /** What only the command line can get wrong: options that contradict each other (the settings check the rest). */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        if (schedule == LearningRateSchedule.COSINE && learningRateDecay != null) {
            problems.add(new SettingProblem("lr-decay", ": the cosine schedule takes no decay factor (it falls from"
                    + " --learning-rate towards zero over --epochs); give one or the other"));
        }
        return problems;
    }

    public static final class OptimizerConverter implements ITypeConverter<Optimizer> {
        @Override
        public Optimizer convert(String value) {
            return Optimizer.parse(value);
        }
    }

    public static final class ScheduleConverter implements ITypeConverter<LearningRateSchedule> {
        @Override
        public LearningRateSchedule convert(String value) {
            return LearningRateSchedule.parse(value);
        }
    }

    public static final class LayersConverter implements ITypeConverter<LayerImplementation> {
        @Override
        public LayerImplementation convert(String value) {
            return LayerImplementation.parse(value);
        }
    }

    public static final class WeightInitConverter implements ITypeConverter<WeightInitScheme> {
        @Override
        public WeightInitScheme convert(String value) {
            return WeightInitScheme.parse(value);
        }
    }

    /** Model names for --help. */
    public static final class ModelNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ModelCatalog.names().iterator();
        }
    }
}
