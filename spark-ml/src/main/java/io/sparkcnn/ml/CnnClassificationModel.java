package io.sparkcnn.ml;

import java.util.Arrays;
import java.util.List;

import io.sparkcnn.data.DataException;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.output.ModelInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained network as a Spark ML transformer: {@link #transform} adds the predicted class index (a double, with the
 * class names as its ML attributes, so {@code IndexToString} turns it back into names) and the class probabilities
 * (an ml Vector), computed on the executors: the network is broadcast once per model, and each partition builds it
 * once and scores its rows in batches. Saved with {@link #write()} as Spark ML's metadata plus the DL4J
 * {@code model.zip} that {@code spark-cnn evaluate}, {@code predict} and {@code visualize} also read.
 */
public class CnnClassificationModel extends Model<CnnClassificationModel> implements ImageColumnParams, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final ImageColumnParams.Declared columns;
    private final transient MultiLayerNetwork network;
    private final ModelInfo info;
    private final List<EpochMetrics> history;
    private transient Broadcast<ScoringNetwork> broadcast;
    private transient JavaSparkContext broadcastBy;

    CnnClassificationModel(String uid, MultiLayerNetwork network, ModelInfo info, List<EpochMetrics> history) {
        this.uid = uid;
        this.columns = ImageColumnParams.declare(this);
        this.network = network;
        this.info = info;
        this.history = List.copyOf(history);
        ImageColumnParams.setDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    // @formatter:off
    @Override public Param<String> imageCol() { return columns.imageCol(); }
    @Override public IntParam imageHeight() { return columns.imageHeight(); }
    @Override public IntParam imageWidth() { return columns.imageWidth(); }
    @Override public IntParam imageChannels() { return columns.imageChannels(); }
    @Override public Param<String> predictionCol() { return columns.predictionCol(); }
    @Override public Param<String> probabilityCol() { return columns.probabilityCol(); }
    public CnnClassificationModel setImageCol(String v) { set(imageCol(), v); return this; }
    public CnnClassificationModel setPredictionCol(String v) { set(predictionCol(), v); return this; }
    public CnnClassificationModel setProbabilityCol(String v) { set(probabilityCol(), v); return this; }
    // @formatter:on

    /** The trained network (DL4J), for use in this JVM. */
    public MultiLayerNetwork network() {
        return network;
    }

    /** The class names, index = predicted class. */
    public List<String> labels() {
        return info.labelNames();
    }

    /** What the model was trained as: its zoo name, the class names, the image size. */
    public ModelInfo info() {
        return info;
    }

    /** The figures of every epoch of the fit that made this model (empty for a loaded model). */
    public List<EpochMetrics> trainingHistory() {
        return history;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema());
        ImageColumn images = imageColumn();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        ScorePartition score = new ScorePartition(broadcast(sc), images, images.kind(dataset.schema()),
                dataset.schema().fieldIndex(images.name()), info.shape());
        // The row encoder drops the columns' ML attributes: the class names go back onto the prediction column.
        return dataset.toDF().mapPartitions(score, Encoders.row(output))
                .withMetadata(getPredictionCol(), output.apply(getPredictionCol()).metadata());
    }

    /** The network broadcast once for all of this model's transforms on a Spark context. */
    private synchronized Broadcast<ScoringNetwork> broadcast(JavaSparkContext sc) {
        if (broadcast == null || broadcastBy == null || broadcastBy.sc() != sc.sc()) {
            broadcast = sc.broadcast(ScoringNetwork.of(network));
            broadcastBy = sc;
        }
        return broadcast;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, imageColumn(), getPredictionCol(), getProbabilityCol(),
                info.labelNames().toArray(new String[0]));
    }

    /** {@code schema} with the prediction and probability columns, after checking the image column. */
    static StructType outputSchema(StructType schema, ImageColumn images, String predictionCol,
                                   String probabilityCol, String[] labels) {
        images.check(schema);
        for (String added : List.of(predictionCol, probabilityCol)) {
            if (Arrays.asList(schema.fieldNames()).contains(added)) {
                throw new DataException("the DataFrame already has a column '" + added + "', which transform would"
                        + " add; drop it or choose another name (setPredictionCol, setProbabilityCol)");
            }
        }
        NominalAttribute prediction = NominalAttribute.defaultAttr().withName(predictionCol);
        if (labels.length > 0) {
            prediction = prediction.withValues(labels);
        }
        return schema.add(prediction.toStructField()).add(probabilityCol, SQLDataTypes.VectorType(), false);
    }

    @Override
    public CnnClassificationModel copy(ParamMap extra) {
        CnnClassificationModel copied = new CnnClassificationModel(uid, network, info, history);
        return copyValues(copied, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelStore.Writer(this);
    }

    public static MLReader<CnnClassificationModel> read() {
        return new ModelStore.Reader();
    }

    public static CnnClassificationModel load(String path) {
        return read().load(path);
    }
}
