package io.sparkcnn.dl4jspark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.KnownDataset;
import io.sparkcnn.data.DatasetDirectory;
import io.sparkcnn.data.IdxDataset;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.MinibatchFiles;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.jobs.SparkTestContext;
import io.sparkcnn.loading.VerifiedMinibatchLoader;
import io.sparkcnn.models.ModelFixtures;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.training.ParameterAveraging;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Code written for DL4J Spark ({@code new SparkDl4jMultiLayer(sc, network, master)} then {@code fitPaths} or
 * {@code fit}) trains on spark-cnn's engine through {@link SparkCnnTrainingMaster}: the same parameters as the engine
 * called directly, from files or from an RDD of DataSets, the network's epoch count moved on as DL4J's fit does.
 */
class SparkCnnTrainingMasterTest extends SparkTestContext {
    @TempDir
    Path tmp;

    @Test
    void fitPathsAndFitOfAnRddTrainAsTheEngineDoes() throws Exception {
        List<String> files = eightMinibatchFiles();
        MultiLayerNetwork start = ModelFixtures.network("cnn", 5);
        MultiLayerNetwork engine = start.clone();
        new ParameterAveraging(sc, new AveragingSettings(2, 1, 4), 0, 7).fitEpoch(engine, files,
                new VerifiedMinibatchLoader(), 1, (round, rounds, loss, drift, trained) -> { });
        assertTrue(engine.params().sub(start.params()).amaxNumber().doubleValue() > 1e-4, "training moved it");

        SparkCnnTrainingMaster master = SparkCnnTrainingMaster.builder(2).averagingFrequency(1).roundsPerJob(4)
                .batchSizePerWorker(8).seed(7).build();
        SparkDl4jMultiLayer fromPaths = new SparkDl4jMultiLayer(sc, start.clone(), master);
        MultiLayerNetwork viaPaths = fromPaths.fitPaths(sc.parallelize(files, 2), new VerifiedMinibatchLoader());
        assertSame("fitPaths", engine, viaPaths);
        assertEquals(1, viaPaths.getLayerWiseConfigurations().getEpochCount(), "fitPaths counts an epoch");
        assertTrue(fromPaths.getScore() > 0 && Double.isFinite(fromPaths.getScore()), "the last round's loss");

        // The same minibatches as an RDD: whole minibatches, and single examples the master batches itself.
        List<DataSet> minibatches = files.stream().map(MinibatchFiles::read).toList();
        List<DataSet> examples = minibatches.stream().flatMap(m -> m.asList().stream()).toList();
        for (List<DataSet> rdd : List.of(minibatches, examples)) {
            MultiLayerNetwork viaRdd = new SparkDl4jMultiLayer(sc, start.clone(), master)
                    .fit(sc.parallelize(rdd, 2));
            assertSame("fit of an RDD of " + rdd.size() + " DataSets", engine, viaRdd);
        }
    }

    @Test
    void anRddsMinibatchFilesAreDeletedAfterTraining() throws Exception {
        List<DataSet> minibatches = eightMinibatchFiles().stream().map(MinibatchFiles::read).toList();
        Path exports = Files.createDirectories(tmp.resolve("exports"));
        SparkCnnTrainingMaster master = SparkCnnTrainingMaster.builder(2).averagingFrequency(2)
                .exportDirectory(exports.toUri().toString()).build();
        new SparkDl4jMultiLayer(sc, ModelFixtures.network("mlp", 5), master)
                .fit(sc.parallelize(minibatches, 2));
        try (Stream<Path> left = Files.list(exports)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void whatTheEngineDoesNotDoFailsAtOnce() {
        SparkCnnTrainingMaster master = SparkCnnTrainingMaster.builder(2).build();
        assertThrows(UnsupportedOperationException.class, () -> master.setCollectTrainingStats(true));
        assertThrows(UnsupportedOperationException.class, () -> master.getWorkerInstance((SparkDl4jMultiLayer) null));
        SettingsException bad = assertThrows(SettingsException.class,
                () -> SparkCnnTrainingMaster.builder(0).averagingFrequency(0).build());
        assertTrue(bad.getMessage().contains("workers must be at least 1, was 0"), bad.getMessage());
        assertTrue(bad.getMessage().contains("averaging-frequency must be at least 1, was 0"), bad.getMessage());
        assertTrue(master.toJson().contains("\"roundsPerJob\" : 8"), master.toJson());
        assertTrue(master.toYaml().contains("averagingFrequency: 20"), master.toYaml());
    }

    private static void assertSame(String how, MultiLayerNetwork expected, MultiLayerNetwork actual) {
        assertTrue(actual.params().equalsWithEps(expected.params(), 1e-6),
                how + ": max difference " + actual.params().sub(expected.params()).amaxNumber());
        assertTrue(actual.getUpdater().getStateViewArray().equalsWithEps(expected.getUpdater().getStateViewArray(),
                1e-6), how + ": Adam's state");
    }

    /** 8 minibatch files of 8 images, in 2 shards of 4 (one per worker). */
    private List<String> eightMinibatchFiles() throws Exception {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("data"), 64, 10);
        LabeledImages train = new ResolvedDataset("fixture", KnownDataset.MNIST.labelNames(),
                new IdxDataset(DatasetDirectory.probe(dir)), "test").loadTrain();
        List<int[]> shards = new ArrayList<>(List.of(MinibatchFiles.range(32), IntStream.range(32, 64).toArray()));
        return MinibatchFiles.write(train, shards, 8, tmp.resolve("batches").toUri());
    }
}
