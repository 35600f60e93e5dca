package io.sparkcnn.ml;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.LearningRateSchedule;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.Optimizer;
import io.sparkcnn.models.WeightInitScheme;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.ModelSettings;
import io.sparkcnn.settings.WorkerScalingRule;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import scala.Function1;

/**
 * {@link CnnClassifier}'s params: what {@code spark-cnn train} takes, under the same names in camel case
 * ({@code --batch-size} is {@code batchSize}), with the same defaults. The hyperparameters without a default here
 * (optimizer, learning rate, ...) are the model's own until set, as on the command line. The values are checked when
 * set (Spark's validators) and again together when fitting, by the same settings records {@code train} uses.
 */
public abstract class CnnClassifierParams extends Estimator<CnnClassificationModel> implements ImageColumnParams {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final ImageColumnParams.Declared columns;
    private final Param<String> labelCol;
    private final Param<String> model;
    private final Param<String> layers;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final DoubleParam learningRateDecay;
    private final Param<String> learningRateSchedule;
    private final DoubleParam dropout;
    private final DoubleParam l2;
    private final Param<String> weightInit;
    private final IntParam hiddenUnits;
    private final IntArrayParam filters;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final LongParam seed;
    private final IntParam workers;
    private final IntParam averagingFrequency;
    private final IntParam roundsPerJob;
    private final Param<String> workerScaling;
    private final IntParam augmentShift;
    private final BooleanParam augmentFlip;
    private final IntParam prefetch;
    private final IntParam threadsPerReplica;
    private final Param<String> scratchDir;
    private final Param<String> validationCol;

    protected CnnClassifierParams(String uid) {
        this.uid = uid; // before the params: each takes its parent's uid
        columns = ImageColumnParams.declare(this);
        labelCol = new Param<>(this, "labelCol", "the label column: class indices 0, 1, ... (numeric; StringIndexer's"
                + " output names the classes)");
        model = new Param<>(this, "model", "the network: one of " + ModelCatalog.names() + ", or keras:FILE (a Keras"
                + " Sequential model's JSON or .h5 file, on the driver's file system)",
                (Function1<String, Object>) ModelCatalog::isKnown);
        layers = new Param<>(this, "layers", "who computes the layers: fast or dl4j",
                ParamValidators.inArray(names(LayerImplementation.values(), LayerImplementation::cliName)));
        optimizer = new Param<>(this, "optimizer", "sgd, momentum, adam or rmsprop (default: the model's)",
                ParamValidators.inArray(names(Optimizer.values(), Optimizer::cliName)));
        learningRate = new DoubleParam(this, "learningRate", "the step size in the first epoch, for one worker"
                + " (default: the model's)", ParamValidators.<Object>inRange(0, 10, false, true));
        learningRateDecay = new DoubleParam(this, "learningRateDecay", "the learning rate's factor after every epoch"
                + " (default: the model's)", ParamValidators.<Object>inRange(0, 1, false, true));
        learningRateSchedule = new Param<>(this, "learningRateSchedule", "exponential or cosine (default: the"
                + " model's)",
                ParamValidators.inArray(names(LearningRateSchedule.values(), LearningRateSchedule::cliName)));
        dropout = new DoubleParam(this, "dropout", "fraction of activations dropped before each dense layer"
                + " (default: the model's)", ParamValidators.<Object>inRange(0, 1, true, false));
        l2 = new DoubleParam(this, "l2", "L2 weight penalty (default: the model's)",
                ParamValidators.<Object>inRange(0, 1, true, false));
        weightInit = new Param<>(this, "weightInit", "how the hidden layers' weights start (default: the model's)",
                ParamValidators.inArray(names(WeightInitScheme.values(), WeightInitScheme::cliName)));
        hiddenUnits = new IntParam(this, "hiddenUnits", "width of the hidden dense layer (default: the model's)",
                ParamValidators.<Object>gtEq(1));
        filters = new IntArrayParam(this, "filters", "filters of each convolution, in order (default: the model's)");
        epochs = new IntParam(this, "epochs", "passes over the training set", ParamValidators.<Object>gtEq(1));
        batchSize = new IntParam(this, "batchSize", "minibatch size per worker", ParamValidators.<Object>gtEq(1));
        seed = new LongParam(this, "seed", "seeds weights, shards, minibatch order and augmentation");
        workers = new IntParam(this, "workers", "replicas trained in parallel", ParamValidators.<Object>gtEq(1));
        averagingFrequency = new IntParam(this, "averagingFrequency", "minibatches each worker fits between two"
                + " averagings (for 1 or 2 workers; scaled with more)", ParamValidators.<Object>gtEq(1));
        roundsPerJob = new IntParam(this, "roundsPerJob", "averaging rounds per Spark job",
                ParamValidators.<Object>gtEq(1));
        workerScaling = new Param<>(this, "workerScaling", "sqrt (the learning rate and averaging frequency scaled"
                + " with the workers, logged) or none",
                ParamValidators.inArray(names(WorkerScalingRule.values(), WorkerScalingRule::cliName)));
        augmentShift = new IntParam(this, "augmentShift", "shift training images by up to this many pixels",
                ParamValidators.<Object>inRange(0, 4));
        augmentFlip = new BooleanParam(this, "augmentFlip", "mirror half of the training images left-right");
        prefetch = new IntParam(this, "prefetch", "minibatches each replica loads ahead",
                ParamValidators.<Object>gtEq(0));
        threadsPerReplica = new IntParam(this, "threadsPerReplica", "native threads per replica (0: auto)",
                ParamValidators.<Object>gtEq(0));
        scratchDir = new Param<>(this, "scratchDir", "a Hadoop URI the executors can read, where fit writes the"
                + " minibatch files (empty: a temporary directory on the driver's disk, enough for local mode)");
        validationCol = new Param<>(this, "validationCol", "a boolean column: rows marked true are not trained on but"
                + " evaluated after every epoch (the model's trainingHistory: test loss and accuracy); empty: none");
        ImageColumnParams.setDefaults(this);
        setDefault(validationCol, "");
        setDefault(labelCol, "label");
        setDefault(layers, "fast");
        // train's defaults, from the records that hold them.
        setDefault(model, ModelSettings.DEFAULT_NAME);
        setDefault(epochs, LoopSettings.DEFAULT_EPOCHS);
        setDefault(batchSize, LoopSettings.DEFAULT_BATCH_SIZE);
        setDefault(seed, LoopSettings.DEFAULT_SEED);
        setDefault(workers, AveragingSettings.DEFAULT_WORKERS);
        setDefault(averagingFrequency, AveragingSettings.DEFAULT_AVERAGING_FREQUENCY);
        setDefault(roundsPerJob, AveragingSettings.DEFAULT_ROUNDS_PER_JOB);
        setDefault(workerScaling, AveragingSettings.defaults().scaling().cliName());
        setDefault(augmentShift, 0);
        setDefault(augmentFlip, false);
        setDefault(prefetch, 0);
        setDefault(threadsPerReplica, 0);
        setDefault(scratchDir, "");
    }

    /** The values' command-line names, as the settings parse them back. */
    private static <E extends Enum<E>> List<String> names(E[] values, Function<E, String> cliName) {
        return Arrays.stream(values).map(cliName).toList();
    }

    @Override
    public String uid() {
        return uid;
    }

    // Every param as a public method: Spark's Params finds a stage's params by these.
    // @formatter:off
    @Override public Param<String> imageCol() { return columns.imageCol(); }
    @Override public IntParam imageHeight() { return columns.imageHeight(); }
    @Override public IntParam imageWidth() { return columns.imageWidth(); }
    @Override public IntParam imageChannels() { return columns.imageChannels(); }
    @Override public Param<String> predictionCol() { return columns.predictionCol(); }
    @Override public Param<String> probabilityCol() { return columns.probabilityCol(); }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> model() { return model; }
    public Param<String> layers() { return layers; }
    public Param<String> optimizer() { return optimizer; }
    public DoubleParam learningRate() { return learningRate; }
    public DoubleParam learningRateDecay() { return learningRateDecay; }
    public Param<String> learningRateSchedule() { return learningRateSchedule; }
    public DoubleParam dropout() { return dropout; }
    public DoubleParam l2() { return l2; }
    public Param<String> weightInit() { return weightInit; }
    public IntParam hiddenUnits() { return hiddenUnits; }
    public IntArrayParam filters() { return filters; }
    public IntParam epochs() { return epochs; }
    public IntParam batchSize() { return batchSize; }
    public LongParam seed() { return seed; }
    public IntParam workers() { return workers; }
    public IntParam averagingFrequency() { return averagingFrequency; }
    public IntParam roundsPerJob() { return roundsPerJob; }
    public Param<String> workerScaling() { return workerScaling; }
    public IntParam augmentShift() { return augmentShift; }
    public BooleanParam augmentFlip() { return augmentFlip; }
    public IntParam prefetch() { return prefetch; }
    public IntParam threadsPerReplica() { return threadsPerReplica; }
    public Param<String> scratchDir() { return scratchDir; }
    public Param<String> validationCol() { return validationCol; }
    // @formatter:on

    public String getLabelCol() {
        return getOrDefault(labelCol);
    }

    public String getValidationCol() {
        return getOrDefault(validationCol);
    }

    public String getScratchDir() {
        return getOrDefault(scratchDir);
    }
}
