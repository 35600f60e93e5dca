package io.sparkcnn.dl4jspark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.SettingProblem;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.training.ParameterAveraging;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.api.TrainingResult;
import org.deeplearning4j.spark.api.TrainingWorker;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A DL4J Spark training master that trains with spark-cnn's parameter averaging: each {@code fit} or
 * {@code fitPaths} call of a {@link SparkDl4jMultiLayer} is one epoch of {@link ParameterAveraging} (its plan seeded
 * by the seed and the network's epoch count, as {@code spark-cnn train} seeds it). Minibatch files go straight to the
 * replicas; an RDD of DataSets is first written out as minibatch files ({@link DataSetExport}), since replicas are
 * averaged between rounds and each needs its own share of every round.
 *
 * <p>Multi-layer networks only; DL4J's worker-side statistics, hooks and listeners are not supported (asking for
 * them fails at once rather than being ignored).
 */
public final class SparkCnnTrainingMaster implements TrainingMaster<TrainingResult, TrainingWorker<TrainingResult>> {
    private final AveragingSettings averaging;
    private final int batchSizePerWorker;
    private final int prefetch;
    private final long seed;
    private final String exportDirectory;
    private final List<String> exports = new ArrayList<>();
    /** The engine of the Spark context last trained on: one per run, so its averaging rule keeps its state. */
    private ParameterAveraging engine;
    private JavaSparkContext engineContext;

    private SparkCnnTrainingMaster(Builder b) {
        this.averaging = new AveragingSettings(b.workers, b.averagingFrequency, b.roundsPerJob);
        this.batchSizePerWorker = b.batchSizePerWorker;
        this.prefetch = b.prefetch;
        this.seed = b.seed;
        this.exportDirectory = b.exportDirectory;
    }

    /** A master for {@code workers} replicas, otherwise with spark-cnn's defaults. */
    public static Builder builder(int workers) {
        return new Builder(workers);
    }

    @Override
    public void executeTrainingPaths(SparkDl4jMultiLayer network, SparkComputationGraph graph, JavaRDD<String> paths,
                                     DataSetLoader dataSetLoader, MultiDataSetLoader multiDataSetLoader) {
        if (network == null || dataSetLoader == null) {
            throw new UnsupportedOperationException("spark-cnn trains MultiLayerNetworks on DataSet files;"
                    + " ComputationGraphs and MultiDataSets are not supported");
        }
        fitEpoch(network, paths.collect(), dataSetLoader);
    }

    @Override
    public void executeTraining(SparkDl4jMultiLayer network, JavaRDD<DataSet> data) {
        DataSetExport export = DataSetExport.into(network.getSparkContext(), exportDirectory);
        exports.add(export.directory());
        try {
            fitEpoch(network, export.write(data, batchSizePerWorker), DataSetExport.loader());
        } finally {
            export.delete();
            exports.remove(export.directory());
        }
    }

    private void fitEpoch(SparkDl4jMultiLayer spark, List<String> files, DataSetLoader loader) {
        int epoch = spark.getNetwork().getLayerWiseConfigurations().getEpochCount() + 1;
        double[] lastLoss = {Double.NaN};
        if (engine == null || engineContext != spark.getSparkContext()) {
            engineContext = spark.getSparkContext();
            engine = new ParameterAveraging(engineContext, averaging, prefetch, seed);
        }
        engine.fitEpoch(spark.getNetwork(), files, loader, epoch,
                (round, rounds, loss, drift, trained) -> lastLoss[0] = loss);
        spark.setScore(lastLoss[0]);
    }

    @Override
    public void executeTraining(SparkComputationGraph graph, JavaRDD<DataSet> data) {
        throw graphsUnsupported();
    }

    @Override
    public void executeTrainingMDS(SparkComputationGraph graph,
                                   JavaRDD<org.nd4j.linalg.dataset.api.MultiDataSet> data) {
        throw graphsUnsupported();
    }

    @Override
    public TrainingWorker<TrainingResult> getWorkerInstance(SparkDl4jMultiLayer network) {
        throw new UnsupportedOperationException("spark-cnn's replicas are not DL4J training workers:"
                + " train through SparkDl4jMultiLayer.fit or fitPaths");
    }

    @Override
    public TrainingWorker<TrainingResult> getWorkerInstance(SparkComputationGraph graph) {
        throw graphsUnsupported();
    }

    private static UnsupportedOperationException graphsUnsupported() {
        return new UnsupportedOperationException("spark-cnn trains MultiLayerNetworks (SparkDl4jMultiLayer);"
                + " ComputationGraphs are not supported");
    }

    @Override
    public void addHook(TrainingHook hook) {
        throw new UnsupportedOperationException("spark-cnn's replicas run no DL4J training hooks");
    }

    @Override
    public void removeHook(TrainingHook hook) {
        // none can have been added
    }

    @Override
    public void setCollectTrainingStats(boolean collect) {
        if (collect) {
            throw new UnsupportedOperationException("spark-cnn does not collect DL4J's training statistics;"
                    + " its own figures come with every `spark-cnn train` run (metrics.json)");
        }
    }

    @Override
    public boolean getIsCollectTrainingStats() {
        return false;
    }

    @Override
    public SparkTrainingStats getTrainingStats() {
        return null; // what DL4J's masters return when they collect none
    }

    @Override
    public void setListeners(Collection<TrainingListener> listeners) {
        setListeners(null, listeners);
    }

    @Override
    public void setListeners(StatsStorageRouter router, Collection<TrainingListener> listeners) {
        if (listeners != null && !listeners.isEmpty()) {
            throw new UnsupportedOperationException("spark-cnn's replicas run no DL4J training listeners");
        }
    }

    @Override
    public boolean deleteTempFiles(JavaSparkContext sc) {
        boolean all = true;
        for (String directory : List.copyOf(exports)) {
            all &= DataSetExport.delete(sc, directory);
            exports.remove(directory);
        }
        return all;
    }

    @Override
    public boolean deleteTempFiles(SparkContext sc) {
        return deleteTempFiles(JavaSparkContext.fromSparkContext(sc));
    }

    @Override
    public String toJson() {
        return write(new ObjectMapper().writerWithDefaultPrettyPrinter(), "JSON");
    }

    @Override
    public String toYaml() {
        return write(new YAMLMapper().writer(), "YAML");
    }

    private String write(ObjectWriter writer, String format) {
        try {
            return writer.writeValueAsString(settings());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the training master's settings as " + format, e);
        }
    }

    private Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", averaging.workers());
        m.put("averagingFrequency", averaging.averagingFrequency());
        m.put("roundsPerJob", averaging.roundsPerJob());
        m.put("batchSizePerWorker", batchSizePerWorker);
        m.put("prefetch", prefetch);
        m.put("seed", seed);
        m.put("exportDirectory", exportDirectory);
        return m;
    }

    /** The master's settings; each starts at spark-cnn's default. */
    public static final class Builder {
        private final int workers;
        private int averagingFrequency = AveragingSettings.DEFAULT_AVERAGING_FREQUENCY;
        private int roundsPerJob = AveragingSettings.DEFAULT_ROUNDS_PER_JOB;
        private int batchSizePerWorker = 64;
        private int prefetch;
        private long seed = 42;
        private String exportDirectory;

        private Builder(int workers) {
            this.workers = workers;
        }

        /** Minibatches each replica fits between two averagings. */
        public Builder averagingFrequency(int minibatches) {
            this.averagingFrequency = minibatches;
            return this;
        }

        /** Averaging rounds per Spark job (between them, replicas average through the driver's RPC). */
        public Builder roundsPerJob(int rounds) {
            this.roundsPerJob = rounds;
            return this;
        }

        /** The minibatch size an RDD of DataSets is cut into ({@code fit(rdd)}); files keep their own. */
        public Builder batchSizePerWorker(int examples) {
            this.batchSizePerWorker = examples;
            return this;
        }

        /** Minibatches each replica loads ahead on a thread of its own (0: none). */
        public Builder prefetch(int minibatches) {
            this.prefetch = minibatches;
            return this;
        }

        /** Seeds which files each worker fits in which round. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Where {@code fit(rdd)} writes the RDD's minibatches (a Hadoop URI every executor can reach, such as
         * {@code hdfs://...}); by default a local temporary directory, which only a local master can use.
         */
        public Builder exportDirectory(String uri) {
            this.exportDirectory = uri;
            return this;
        }

        public SparkCnnTrainingMaster build() {
            List<SettingProblem> problems = new AveragingSettings(workers, averagingFrequency, roundsPerJob)
                    .problems();
            SettingProblem.atLeast(problems, "batch-size", batchSizePerWorker, 1);
            SettingProblem.atLeast(problems, "prefetch", prefetch, 0);
            if (!problems.isEmpty()) {
                throw new SettingsException("SparkCnnTrainingMaster: " + String.join("; ",
                        problems.stream().map(p -> p.field() + " " + p.problem()).toList()));
            }
            return new SparkCnnTrainingMaster(this);
        }
    }
}
