package io.sparkcnn.jobs;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.models.Hyperparameters;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * Trains a network by DL4J's parameter averaging over minibatch files and evaluates it on the executors after
 * every epoch ({@link DistributedEvaluation}). Each averaging round every worker fits {@code averagingFrequency}
 * minibatches and the replicas' parameters (and updater state) are averaged: {@code roundsPerJob} rounds to a Spark
 * job, which starts from a broadcast of the network and ends with a tree aggregate, the rounds in between averaged
 * through the driver's {@link AveragingCoordinator} ({@link ObservedTrainingMaster}).
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
    private final int roundsPerJob;
    private final int prefetch;
    private final long seed;
    private final Augmentation augmentation;

    public DistributedTrainer(JavaSparkContext sc, int workers, int batchSize, int averagingFrequency,
                              int roundsPerJob, int prefetch, long seed, Augmentation augmentation) {
        this.sc = sc;
        this.workers = workers;
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        this.roundsPerJob = roundsPerJob;
        this.prefetch = prefetch;
        this.seed = seed;
        this.augmentation = augmentation;
    }

    /** Called after every epoch with the figures of all epochs so far and the network as averaged at its end. */
    public interface EpochListener {
        void epochDone(List<EpochMetrics> history, MultiLayerNetwork network);
    }

    /**
     * The training master for one epoch: one minibatch file per RDD element, updater state averaged along with
     * parameters. Its random choices (how the epoch's files are split into averaging rounds) are seeded by the run's
     * seed and the epoch alone, so an epoch trains the same whether the run started at epoch 1 or resumed from a
     * checkpoint.
     */
    ObservedTrainingMaster trainingMaster(int epoch) {
        return new ObservedTrainingMaster(masterSettings(epoch),
                sc.sc().longAccumulator("fit nanoseconds, epoch " + epoch), roundsPerJob, planSeed(epoch));
    }

    /** Seeds the epoch's random choices: which rounds a worker fits its files in ({@link EpochPlan}). */
    long planSeed(int epoch) {
        return seed * 1_000_003L + epoch;
    }

    /** DL4J's settings of the epoch's training master (also what a test builds DL4J's own master from). */
    ParameterAveragingTrainingMaster.Builder masterSettings(int epoch) {
        return new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(prefetch)
                // Adam's moments are averaged too: replicas restart each round from the same optimiser state.
                .saveUpdater(true)
                // Used by DL4J's own rounds only (an RDD of minibatches, not files; EpochPlan plans ours): "Always"
                // added a counting job and a shuffle to every round, ~1/3 of the epoch (BENCHMARKS.md).
                .repartionData(Repartition.NumPartitionsWorkersDiffers)
                .repartitionStrategy(RepartitionStrategy.Balanced)
                .rngSeed(planSeed(epoch));
    }

    /** How executors load the epoch's training minibatches: verified, and augmented when the run asks for it. */
    private DataSetLoader trainingLoader(TrainingData data, int epoch) {
        VerifiedMinibatchLoader files = new VerifiedMinibatchLoader(new MinibatchReader(sc));
        return augmentation.isNone() ? files
                : new AugmentingMinibatchLoader(files, augmentation, data.rows(), data.cols(), seed, epoch);
    }

    /**
     * Trains epochs {@code firstEpoch..epochs} over {@code data.trainFiles()} (epochs before {@code firstEpoch} are in
     * {@code earlier}, from a checkpoint), setting each epoch's learning rate from {@code hyper}'s schedule, and
     * evaluates after every epoch.
     */
    public Outcome train(MultiLayerNetwork network, TrainingData data, Hyperparameters hyper, int firstEpoch,
                         int epochs, List<EpochMetrics> earlier, EpochListener afterEpoch) {
        JavaRDD<String> trainPaths = sc.parallelize(data.trainFiles(), workers);
        JavaRDD<String> trainSamplePaths = sc.parallelize(data.trainSampleFiles(), workers);
        JavaRDD<String> testPaths = sc.parallelize(data.testFiles(), workers);

        List<EpochMetrics> history = new ArrayList<>(earlier);
        DistributedEvaluation.Result test = null;
        for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
            ObservedTrainingMaster master = trainingMaster(epoch);
            SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, network, master);
            // The configuration, learning rate included, travels to the workers once per epoch (the training
            // master broadcasts it at the epoch's first round).
            double learningRate = hyper.learningRateAt(epoch, epochs);
            network.setLearningRate(learningRate);
            double trainLoss;
            long start = System.nanoTime();
            try (EpochProgress progress = new EpochProgress(epoch, epochs)) {
                master.setRoundListener(progress);
                sparkNet.fitPaths(trainPaths, trainingLoader(data, epoch));
                trainLoss = progress.meanLoss();
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double fitSeconds = master.fitNanos() / 1e9 / workers;

            long evalStart = System.nanoTime();
            DistributedEvaluation.Result trainSample = DistributedEvaluation.run(sc, network, trainSamplePaths,
                    data.labelNames());
            test = DistributedEvaluation.run(sc, network, testPaths, data.labelNames());
            double evalSeconds = (System.nanoTime() - evalStart) / 1e9;

            EpochMetrics metrics = new EpochMetrics(epoch, learningRate, trainLoss,
                    trainSample.evaluation().accuracy(), test.meanLoss(), test.evaluation().accuracy(), trainSeconds,
                    fitSeconds, evalSeconds, data.trainImages() / trainSeconds);
            history.add(metrics);
            afterEpoch.epochDone(List.copyOf(history), network);
        }
        if (test == null) {
            test = DistributedEvaluation.run(sc, network, testPaths, data.labelNames());
        }
        return new Outcome(network, history, test.evaluation(), test.meanLoss());
    }
}
