package io.sparkcnn.jobs;

import io.sparkcnn.data.MinibatchFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Parameter averaging gives exactly the mean of the replicas: two workers each fit one known minibatch from the
 * same starting point, and the averaged parameters and Adam state must equal the mean of the same two fits done
 * one by one in this JVM.
 */
class ParameterAveragingTest extends SparkTestContext {
    @TempDir
    Path tmp;

    @Test
    void oneRoundOfTwoReplicasAveragesToTheMeanOfTheirFits() throws Exception {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("data"), 16, 10);
        LabeledImages train = new ResolvedDataset("fixture", io.sparkcnn.data.KnownDataset.MNIST.labelNames(),
                io.sparkcnn.data.DatasetDirectory.probe(dir), "test").loadTrain();
        int[] all = MinibatchFiles.range(16);
        List<String> files = MinibatchFiles.write(train, List.of(all), 8, tmp.resolve("batches").toUri());
        assertEquals(2, files.size());

        MultiLayerNetwork start = ModelCatalog.newNetwork("cnn", ModelSpec.mnistLike("cnn", 5));
        INDArray expectedParams = meanOfLocalFits(start, files, true);
        INDArray expectedUpdater = meanOfLocalFits(start, files, false);

        DistributedTrainer trainer = new DistributedTrainer(sc, 2, 8, 1, 0, 11, Augmentation.NONE);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, start.clone(), trainer.trainingMaster(1));
        AveragingRoundTimes times = AveragingRoundTimes.listenTo(sc.sc());
        MultiLayerNetwork averaged;
        AveragingRoundTimes.Breakdown rounds;
        try {
            averaged = sparkNet.fitPaths(sc.parallelize(files, 2), new VerifiedMinibatchLoader());
            rounds = times.breakdown();
        } finally {
            sc.sc().removeSparkListener(times);
        }
        assertEquals(1, rounds.rounds(), "one round: one minibatch per worker, averaging after each");
        assertTrue(rounds.meanTaskSeconds() > 0, "the replicas' tasks took time: " + rounds);
        assertTrue(rounds.slowestTaskSeconds() >= rounds.meanTaskSeconds(), rounds.toString());
        assertTrue(rounds.roundSeconds() >= rounds.slowestTaskSeconds(), "the job contains its tasks: " + rounds);
        assertEquals(0, rounds.betweenRoundSeconds(), "nothing between rounds with one round");

        assertTrue(averaged.params().equalsWithEps(expectedParams, 1e-6),
                "max difference " + averaged.params().sub(expectedParams).amaxNumber());
        assertTrue(averaged.getUpdater().getStateViewArray().equalsWithEps(expectedUpdater, 1e-6),
                "updater state is averaged too");
        assertTrue(averaged.params().sub(start.params()).amaxNumber().doubleValue() > 1e-4,
                "training moved the parameters");
    }

    /**
     * Several rounds (8 minibatches, 2 workers, averaging after every minibatch: 4 rounds) end at the same
     * parameters and Adam state as DL4J's own training master with the same settings and seed: same split of the
     * files into rounds, same replicas, same averaging, and the iteration count (Adam's bias correction) carried from
     * round to round, though the parameters travel as float arrays and the configuration once, and each executor
     * trains the replicas it kept from the round before (DL4J's builds new ones every round).
     */
    @Test
    void severalRoundsMatchDl4jsOwnTrainingMaster() throws Exception {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("data"), 64, 10);
        LabeledImages train = new ResolvedDataset("fixture", io.sparkcnn.data.KnownDataset.MNIST.labelNames(),
                io.sparkcnn.data.DatasetDirectory.probe(dir), "test").loadTrain();
        List<String> files = MinibatchFiles.write(train, List.of(MinibatchFiles.range(32),
                java.util.stream.IntStream.range(32, 64).toArray()), 8, tmp.resolve("batches").toUri());
        MultiLayerNetwork start = ModelCatalog.newNetwork("cnn", ModelSpec.mnistLike("cnn", 5));
        DistributedTrainer trainer = new DistributedTrainer(sc, 2, 8, 1, 0, 11, Augmentation.NONE);

        MultiLayerNetwork ours = new SparkDl4jMultiLayer(sc, start.clone(), trainer.trainingMaster(1))
                .fitPaths(sc.parallelize(files, 2), new VerifiedMinibatchLoader());
        MultiLayerNetwork dl4j = new SparkDl4jMultiLayer(sc, start.clone(), trainer.masterSettings(1).build())
                .fitPaths(sc.parallelize(files, 2), new VerifiedMinibatchLoader());

        assertEquals(4, dl4j.getLayerWiseConfigurations().getIterationCount(), "4 rounds of 1 step");
        assertEquals(4, ours.getLayerWiseConfigurations().getIterationCount());
        assertTrue(ours.params().equalsWithEps(dl4j.params(), 1e-6),
                "max difference " + ours.params().sub(dl4j.params()).amaxNumber());
        assertTrue(ours.getUpdater().getStateViewArray().equalsWithEps(dl4j.getUpdater().getStateViewArray(), 1e-6),
                "Adam's state");
    }

    /**
     * Training files are read by path with the broadcast Hadoop settings, never through the stream DL4J's source opens
     * (with an 8 MB buffer per file).
     */
    @Test
    void trainingFilesAreReadByPath() throws Exception {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("data"), 8, 10);
        LabeledImages train = new ResolvedDataset("fixture", io.sparkcnn.data.KnownDataset.MNIST.labelNames(),
                io.sparkcnn.data.DatasetDirectory.probe(dir), "test").loadTrain();
        String file = MinibatchFiles.write(train, List.of(MinibatchFiles.range(8)), 8, tmp.resolve("batches").toUri())
                .get(0);

        DataSet read = new VerifiedMinibatchLoader(new MinibatchReader(sc)).load(new Source() {
            @Override
            public InputStream getInputStream() {
                throw new AssertionError("the source's own stream was opened");
            }

            @Override
            public String getPath() {
                return file;
            }
        });
        assertEquals(MinibatchFiles.read(file).getFeatures(), read.getFeatures());
        assertEquals(MinibatchFiles.read(file).getLabels(), read.getLabels());
    }

    /** Mean over the minibatch files of (a copy of {@code start} fitted once on that minibatch). */
    private static INDArray meanOfLocalFits(MultiLayerNetwork start, List<String> files, boolean params) {
        INDArray sum = null;
        for (String file : files) {
            MultiLayerNetwork replica = start.clone();
            DataSet batch = MinibatchFiles.read(file);
            replica.fit(batch);
            INDArray value = (params ? replica.params() : replica.getUpdater().getStateViewArray()).dup();
            sum = sum == null ? value : sum.addi(value);
        }
        return sum.divi(files.size());
    }
}
