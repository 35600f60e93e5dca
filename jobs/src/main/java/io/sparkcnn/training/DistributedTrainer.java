package io.sparkcnn.training;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.evaluation.DistributedEvaluation;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.loading.Augmentation;
import io.sparkcnn.loading.AugmentingMinibatchLoader;
import io.sparkcnn.loading.MinibatchReader;
import io.sparkcnn.loading.VerifiedMinibatchLoader;
import io.sparkcnn.models.Hyperparameters;
import io.sparkcnn.settings.AveragingSettings;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run on Spark: epoch after epoch, the learning rate set by the schedule, the replicas trained and
 * averaged over the minibatch files ({@link ParameterAveraging}) with a progress bar, then the network evaluated on the
 * executors ({@link DistributedEvaluation}) on the test set. The training accuracy is not evaluated again: the
 * replicas count their training passes' correct predictions ({@code CountingNetwork}), which gives the accuracy over
 * the epoch's minibatches as they were trained, weights moving, for no extra forward pass.
 */
public final class DistributedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

    /**
     * What training produced: the averaged network, its per-epoch figures and the last evaluation, with the test
     * images' class probabilities (the report draws from them).
     */
    public record Outcome(MultiLayerNetwork network, List<EpochMetrics> epochs, DistributedEvaluation.Result lastTest,
                          WorkerScaling scaling) {
        public Evaluation lastEvaluation() {
            return lastTest.evaluation();
        }

        public double lastTestLoss() {
            return lastTest.meanLoss();
        }
    }

    /** Called after every epoch with the figures of all epochs so far and the network as averaged at its end. */
    public interface EpochListener {
        void epochDone(List<EpochMetrics> history, MultiLayerNetwork network);
    }

    private final JavaSparkContext sc;
    private final ParameterAveraging averaging;
    private final WorkerScaling scaling;
    private final long seed;
    private final Augmentation augmentation;

    /**
     * @param prefetch minibatches each replica loads ahead (0: none)
     * @param seed     seeds the epochs' plans and the augmentation
     */
    public DistributedTrainer(JavaSparkContext sc, AveragingSettings averaging, int prefetch, long seed,
                              Augmentation augmentation) {
        this.sc = sc;
        this.scaling = WorkerScaling.of(averaging);
        LOG.info("scaled with the workers: {}", scaling.describe());
        this.averaging = new ParameterAveraging(sc, scaling.applyTo(averaging), prefetch, seed);
        this.seed = seed;
        this.augmentation = augmentation;
    }

    /**
     * Trains epochs {@code firstEpoch..epochs} over {@code data.trainFiles()} (epochs before {@code firstEpoch} are in
     * {@code earlier}, from a checkpoint), setting each epoch's learning rate from {@code hyper}'s schedule (scaled
     * with the workers, {@link WorkerScaling}), and evaluates after every epoch.
     */
    public Outcome train(MultiLayerNetwork network, TrainingData data, Hyperparameters hyper, int firstEpoch,
                         int epochs, List<EpochMetrics> earlier, EpochListener afterEpoch) {
        JavaRDD<String> testPaths = sc.parallelize(data.testFiles(), scaling.workers());

        List<EpochMetrics> history = new ArrayList<>(earlier);
        DistributedEvaluation.Result test = null;
        // One evaluation for the run: its configuration broadcast once, the executors' networks kept between epochs.
        try (DistributedEvaluation testSet = DistributedEvaluation.of(sc, network.getLayerWiseConfigurations(),
                testPaths, data.labelNames())) {
            for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
                double learningRate = hyper.learningRateAt(epoch, epochs) * scaling.learningRateFactor();
                network.setLearningRate(learningRate);
                double trainLoss;
                List<Double> drift;
                double trainAccuracy;
                long fitNanos;
                long start = System.nanoTime();
                try (EpochProgress progress = new EpochProgress(epoch, epochs)) {
                    fitNanos = averaging.fitEpoch(network, data.trainFiles(), trainingLoader(data, epoch), epoch,
                            progress);
                    trainLoss = progress.meanLoss();
                    drift = progress.drifts();
                    trainAccuracy = progress.trainingAccuracy();
                }
                network.incrementEpochCount();
                double trainSeconds = (System.nanoTime() - start) / 1e9;

                long evalStart = System.nanoTime();
                test = epoch == epochs ? testSet.evaluateWithProbabilities(network) : testSet.evaluate(network);
                double evalSeconds = (System.nanoTime() - evalStart) / 1e9;

                history.add(new EpochMetrics(epoch, learningRate, trainLoss, trainAccuracy,
                        test.meanLoss(), test.evaluation().accuracy(), trainSeconds, fitNanos / 1e9 / scaling.workers(),
                        evalSeconds, data.trainImages() / trainSeconds, drift));
                afterEpoch.epochDone(List.copyOf(history), network);
            }
            if (test == null) {
                test = testSet.evaluateWithProbabilities(network);
            }
        }
        return new Outcome(network, history, test, scaling);
    }

    /** How executors load the epoch's training minibatches: verified, and augmented when the run asks for it. */
    private DataSetLoader trainingLoader(TrainingData data, int epoch) {
        VerifiedMinibatchLoader files = new VerifiedMinibatchLoader(new MinibatchReader(sc));
        return augmentation.isNone() ? files
                : new AugmentingMinibatchLoader(files, augmentation, data.shape(), seed, epoch);
    }
}
