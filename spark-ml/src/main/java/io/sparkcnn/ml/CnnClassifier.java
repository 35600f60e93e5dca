package io.sparkcnn.ml;

import java.util.List;
import java.util.Optional;

import io.sparkcnn.data.DataException;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.jobs.ShardTraining;
import io.sparkcnn.output.ModelInfo;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.training.DistributedTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark ML estimator that trains one of spark-cnn's networks on a DataFrame of labelled images, with the engine of
 * {@code spark-cnn train}: the images are sharded, written as minibatch files and trained by parameter averaging on
 * the executors, epoch after epoch. {@link #fit} returns a {@link CnnClassificationModel}, whose {@code transform}
 * adds prediction and probability columns on the executors. Works in a {@code Pipeline} (after a
 * {@code StringIndexer} for string labels) and under {@code CrossValidator}; saved and loaded with Spark ML's
 * writer and reader.
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("image").load("digits/train");  // plus a numeric "label" column
 * CnnClassificationModel model = new CnnClassifier().setEpochs(5).setWorkers(2).fit(images);
 * model.transform(testImages).select("image.origin", "prediction", "probability").show();
 * }</pre>
 *
 * <p>The images are read on the driver to be sharded (as {@code train} reads its IDX files there) and the minibatch
 * files go to {@code scratchDir}, which executors on other hosts must be able to read (HDFS, a shared mount).
 */
public class CnnClassifier extends CnnClassifierParams implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CnnClassifier.class);
    /** What the data is called in the model's {@code ModelInfo} and the logs. */
    static final String DATASET_NAME = "dataframe";

    public CnnClassifier() {
        this(Identifiable$.MODULE$.randomUID("cnnClassifier"));
    }

    /** With a given uid: how Spark ML copies and loads stages. */
    public CnnClassifier(String uid) {
        super(uid);
    }

    @Override
    public CnnClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        TrainSettings settings = EngineSettings.of(this, DATASET_NAME);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        try (ScratchDirectory scratch = ScratchDirectory.create(getScratchDir(), uid(), sc.hadoopConfiguration())) {
            Optional<String> validationCol = getValidationCol().isEmpty() ? Optional.empty()
                    : Optional.of(getValidationCol());
            DataFrameImages data = DataFrameImages.collect(dataset, imageColumn(), new LabelColumn(getLabelCol()),
                    getLabelCol(), validationCol);
            LabeledImages train = data.train();
            if (train.size() < settings.averaging().workers()) {
                throw new DataException("the DataFrame holds " + train.size() + " images to train on, fewer than the "
                        + settings.averaging().workers() + " workers: every worker needs at least one");
            }
            // Without validation rows the per-epoch "test" figures are a training sample's, evaluated again.
            boolean validating = data.validation().size() > 0;
            PreparedShards.Plan plan = settings.data().shardPlan(settings.averaging().workers(), settings.loop());
            PreparedShards shards = PreparedShards.write(DATASET_NAME, data.labelNames(), train, data.validation(),
                    validating ? plan : plan.withTrainSample(), scratch.shards());
            LOG.info("fitting {} on {} images of {}x{} in {} classes, {} workers", settings.model().name(),
                    train.size(), train.rows(), train.cols(), data.labelNames().size(),
                    settings.averaging().workers());
            DistributedTrainer.Outcome outcome = ShardTraining.train(sc, settings, shards,
                    validating ? shards.testUris() : shards.trainSampleUris(), Optional.empty(),
                    (history, network) -> logEpoch(history.get(history.size() - 1), validating)).outcome();
            ModelInfo info = new ModelInfo(settings.model().name(), DATASET_NAME, data.labelNames(), train.shape());
            CnnClassificationModel model = new CnnClassificationModel(uid(), outcome.network(), info,
                    outcome.epochs());
            copyValues(model, ParamMap.empty());
            return model.setParent(this);
        }
    }

    private static void logEpoch(EpochMetrics m, boolean validating) {
        LOG.info(String.format("epoch %d: train loss %.4f, train accuracy (during the epoch) %.4f, %s loss %.4f,"
                + " accuracy %.4f (after the epoch), %.1f s", m.epoch(), m.trainLoss(), m.trainAccuracyOrNaN(),
                validating ? "validation" : "training sample", m.testLoss(), m.testAccuracy(), m.trainSeconds()));
    }

    /** The columns fit reads are there and of a usable type; the model's columns added. */
    @Override
    public StructType transformSchema(StructType schema) {
        new LabelColumn(getLabelCol()).check(schema);
        if (!getValidationCol().isEmpty() && !List.of(schema.fieldNames()).contains(getValidationCol())) {
            throw new DataException("validation column '" + getValidationCol() + "' is not in the DataFrame (its"
                    + " columns: " + String.join(", ", schema.fieldNames()) + ")");
        }
        return CnnClassificationModel.outputSchema(schema, imageColumn(), getPredictionCol(), getProbabilityCol(),
                new String[0]);
    }

    @Override
    public CnnClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<CnnClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static CnnClassifier load(String path) {
        return read().load(path);
    }

    // Setters, as Spark ML's own estimators have them (chainable).
    // @formatter:off
    public CnnClassifier setImageCol(String v) { set(imageCol(), v); return this; }
    public CnnClassifier setImageHeight(int v) { set(imageHeight(), v); return this; }
    public CnnClassifier setImageWidth(int v) { set(imageWidth(), v); return this; }
    public CnnClassifier setImageChannels(int v) { set(imageChannels(), v); return this; }
    public CnnClassifier setLabelCol(String v) { set(labelCol(), v); return this; }
    public CnnClassifier setPredictionCol(String v) { set(predictionCol(), v); return this; }
    public CnnClassifier setProbabilityCol(String v) { set(probabilityCol(), v); return this; }
    public CnnClassifier setModel(String v) { set(model(), v); return this; }
    public CnnClassifier setLayers(String v) { set(layers(), v); return this; }
    public CnnClassifier setOptimizer(String v) { set(optimizer(), v); return this; }
    public CnnClassifier setLearningRate(double v) { set(learningRate(), v); return this; }
    public CnnClassifier setLearningRateDecay(double v) { set(learningRateDecay(), v); return this; }
    public CnnClassifier setLearningRateSchedule(String v) { set(learningRateSchedule(), v); return this; }
    public CnnClassifier setDropout(double v) { set(dropout(), v); return this; }
    public CnnClassifier setL2(double v) { set(l2(), v); return this; }
    public CnnClassifier setWeightInit(String v) { set(weightInit(), v); return this; }
    public CnnClassifier setHiddenUnits(int v) { set(hiddenUnits(), v); return this; }
    public CnnClassifier setFilters(int... v) { set(filters(), v); return this; }
    public CnnClassifier setEpochs(int v) { set(epochs(), v); return this; }
    public CnnClassifier setBatchSize(int v) { set(batchSize(), v); return this; }
    public CnnClassifier setSeed(long v) { set(seed(), v); return this; }
    public CnnClassifier setWorkers(int v) { set(workers(), v); return this; }
    public CnnClassifier setAveragingFrequency(int v) { set(averagingFrequency(), v); return this; }
    public CnnClassifier setRoundsPerJob(int v) { set(roundsPerJob(), v); return this; }
    public CnnClassifier setWorkerScaling(String v) { set(workerScaling(), v); return this; }
    public CnnClassifier setAugmentShift(int v) { set(augmentShift(), v); return this; }
    public CnnClassifier setAugmentFlip(boolean v) { set(augmentFlip(), v); return this; }
    public CnnClassifier setPrefetch(int v) { set(prefetch(), v); return this; }
    public CnnClassifier setThreadsPerReplica(int v) { set(threadsPerReplica(), v); return this; }
    public CnnClassifier setScratchDir(String v) { set(scratchDir(), v); return this; }
    public CnnClassifier setValidationCol(String v) { set(validationCol(), v); return this; }
    // @formatter:on
}
