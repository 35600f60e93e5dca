package io.sparkcnn.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * Trains a network by DL4J's parameter averaging over minibatch files and evaluates it on the executors after
 * every epoch ({@link DistributedEvaluation}). Each averaging round: the driver broadcasts the parameters (and
 * updater state), every worker fits {@code averagingFrequency} minibatches, and the results are tree-aggregated and
 * averaged on the driver.
 */
public final class DistributedTrainer {

    /** What training produced: the averaged network, its per-epoch figures and the last evaluation. */
    public record Outcome(MultiLayerNetwork network, List<EpochMetrics> epochs, Evaluation lastEvaluation,
                          double lastTestLoss) {
    }

    private final JavaSparkContext sc;
    private final int workers;
    private final int batchSize;
    private final int averagingFrequency;
    private final int prefetch;
    private final long seed;

    public DistributedTrainer(JavaSparkContext sc, int workers, int batchSize, int averagingFrequency, int prefetch,
                              long seed) {
        this.sc = sc;
        this.workers = workers;
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        this.prefetch = prefetch;
        this.seed = seed;
    }

    /** The training master: one minibatch file per RDD element, updater state averaged along with parameters. */
    ObservedTrainingMaster trainingMaster() {
        ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(prefetch)
                // Adam's moments are averaged too: replicas restart each round from the same optimiser state.
                .saveUpdater(true)
                .repartionData(Repartition.Always)
                .repartitionStrategy(RepartitionStrategy.Balanced)
                .rngSeed(seed);
        return new ObservedTrainingMaster(builder);
    }

    public Outcome train(MultiLayerNetwork network, List<String> trainFiles, int trainImages, List<String> testFiles,
                         List<String> labelNames, int epochs, Consumer<EpochMetrics> afterEpoch) {
        ObservedTrainingMaster master = trainingMaster();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, network, master);
        JavaRDD<String> trainPaths = sc.parallelize(trainFiles, workers);
        JavaRDD<String> testPaths = sc.parallelize(testFiles, workers);

        List<EpochMetrics> history = new ArrayList<>();
        Evaluation evaluation = null;
        double testLoss = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double trainLoss;
            long start = System.nanoTime();
            try (EpochProgress progress = new EpochProgress(epoch, epochs)) {
                master.setRoundListener(progress);
                sparkNet.fitPaths(trainPaths);
                trainLoss = progress.meanLoss();
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;

            long evalStart = System.nanoTime();
            DistributedEvaluation.Result result = DistributedEvaluation.run(sc, sparkNet.getNetwork(), testPaths,
                    labelNames);
            evaluation = result.evaluation();
            testLoss = result.meanLoss();
            double evalSeconds = (System.nanoTime() - evalStart) / 1e9;

            EpochMetrics metrics = new EpochMetrics(epoch, trainLoss, testLoss, evaluation.accuracy(), trainSeconds,
                    evalSeconds, trainImages / trainSeconds);
            history.add(metrics);
            afterEpoch.accept(metrics);
        }
        return new Outcome(sparkNet.getNetwork(), history, evaluation, testLoss);
    }
}
