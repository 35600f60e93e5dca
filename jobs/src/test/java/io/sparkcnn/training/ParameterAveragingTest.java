package io.sparkcnn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.MinibatchFiles;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.jobs.SparkTestContext;
import io.sparkcnn.loading.MinibatchReader;
import io.sparkcnn.loading.VerifiedMinibatchLoader;
import io.sparkcnn.models.ModelFixtures;
import io.sparkcnn.output.Checkpoints;
import io.sparkcnn.settings.AveragingSettings;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Parameter averaging gives exactly the mean of the replicas: workers fit known minibatches from the same starting
 * point, and the averaged parameters and Adam state must equal the mean of the same fits done one by one in this JVM,
 * round after round, however the rounds are cut into Spark jobs.
 */
class ParameterAveragingTest extends SparkTestContext {
    @TempDir
    Path tmp;

    @Test
    void oneRoundOfTwoReplicasAveragesToTheMeanOfTheirFits() throws Exception {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("data"), 16, 10);
        LabeledImages train = new ResolvedDataset("fixture", io.sparkcnn.data.KnownDataset.MNIST.labelNames(),
                new io.sparkcnn.data.IdxDataset(io.sparkcnn.data.DatasetDirectory.probe(dir)), "test").loadTrain();
        int[] all = MinibatchFiles.range(16);
        List<String> files = MinibatchFiles.write(train, List.of(all), 8, tmp.resolve("batches").toUri());
        assertEquals(2, files.size());

        MultiLayerNetwork start = ModelFixtures.network("cnn", 5);
        INDArray expectedParams = meanOfLocalFits(start, files, true);
        INDArray expectedUpdater = meanOfLocalFits(start, files, false);

        MultiLayerNetwork averaged = start.clone();
        AveragingRoundTimes times = AveragingRoundTimes.listenTo(sc.sc());
        AveragingRoundTimes.Breakdown rounds;
        try {
            new ParameterAveraging(sc, new AveragingSettings(2, 1, 1), 0, 11).fitEpoch(averaged, files,
                    new VerifiedMinibatchLoader(), 1, (round, total, loss, drift, trained) -> { });
            rounds = times.breakdown();
        } finally {
            sc.sc().removeSparkListener(times);
        }
        assertEquals(1, rounds.jobs(), "one round, one Spark job: one minibatch per worker, averaging after each");
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
     * Several rounds (8 minibatches, 2 workers, averaging after every minibatch: 4 rounds) end at the parameters and
     * Adam state of replicas fitted and averaged one by one in this JVM following the same plan, the iteration count
     * (Adam's bias correction) carried from round to round: whether each round is a Spark job of its own (DL4J's
     * scheme) or all four run in one job, averaged in between through the driver's {@link AveragingCoordinator}. Every
     * round is reported once, in order, with the replicas' loss.
     */
    @Test
    void roundsAveragedWithinOneSparkJobEndWhereRoundsAveragedOneByOneDo() throws Exception {
        List<String> files = eightMinibatchFiles();
        MultiLayerNetwork start = ModelFixtures.network("cnn", 5);
        long planSeed = new ParameterAveraging(sc, new AveragingSettings(2, 1, 1), 0, 11).planSeed(1);
        MultiLayerNetwork expected = averagedOneByOne(start, EpochPlan.of(files, 2, 1, 1, planSeed));

        for (int roundsPerJob : new int[] {1, 4}) {
            List<double[]> reported = Collections.synchronizedList(new ArrayList<>());
            MultiLayerNetwork ours = start.clone();
            new ParameterAveraging(sc, new AveragingSettings(2, 1, roundsPerJob), 0, 11).fitEpoch(ours, files,
                    new VerifiedMinibatchLoader(), 1, (round, rounds, loss, drift, trained) -> reported.add(
                            new double[] {round, rounds, loss, drift.distance(), drift.relative(),
                                trained.examples(), trained.correct()}));

            String how = roundsPerJob + " round(s) per Spark job";
            assertEquals(4, ours.getLayerWiseConfigurations().getIterationCount(), how + ": 4 rounds of 1 step");
            assertTrue(ours.params().equalsWithEps(expected.params(), 1e-6),
                    how + ": max difference " + ours.params().sub(expected.params()).amaxNumber());
            assertTrue(ours.getUpdater().getStateViewArray().equalsWithEps(expected.getUpdater().getStateViewArray(),
                    1e-6), how + ": Adam's state");
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0), reported.stream().map(r -> r[0]).toList(), how);
            for (double[] r : reported) {
                // Each round: the two replicas' training passes on a minibatch of 8 each, counted once.
                assertEquals(16, r[5], how + ": predictions counted in round " + r[0]);
                assertTrue(r[6] >= 0 && r[6] <= 16, how);
                assertEquals(4, r[1], how);
                assertTrue(r[2] > 0 && Double.isFinite(r[2]), how + ": a loss for round " + r[0]);
                // Two replicas that fitted different minibatches from the same start have drifted apart, by a
                // small fraction of the weights.
                assertTrue(r[3] > 0 && r[4] > 0 && r[4] < 0.1, how + ": drift " + r[3] + " (" + r[4] + " of the"
                        + " weights' norm) in round " + r[0]);
            }
        }
    }

    /**
     * A model with dropout (cnn-bn: batch norm, and dropout before its dense layers) ends two same-seed runs with the
     * same parameters and Adam state, to the last bit, however its rounds are cut into Spark jobs. The dropout masks
     * come from ND4J's random generator of the thread a replica fits on: a Spark task thread's, in a state left by
     * whatever that thread ran before (or seeded from the clock when new) unless the task seeds it.
     */
    @Test
    void sameSeedRunsOfAModelWithDropoutEndWithTheSameState() throws Exception {
        List<String> files = eightMinibatchFiles();
        MultiLayerNetwork start = ModelFixtures.network("cnn-bn", 5);
        List<MultiLayerNetwork> runs = new ArrayList<>();
        for (int roundsPerJob : new int[] {4, 4, 1}) {
            MultiLayerNetwork run = start.clone();
            new ParameterAveraging(sc, new AveragingSettings(2, 1, roundsPerJob), 0, 11).fitEpoch(run, files,
                    new VerifiedMinibatchLoader(), 1, (round, rounds, loss, drift, trained) -> { });
            runs.add(run);
        }
        float[] first = NetworkState.floats(runs.get(0).params());
        assertTrue(runs.get(0).params().sub(start.params()).amaxNumber().doubleValue() > 1e-4,
                "training moved the parameters");
        for (int i = 1; i < runs.size(); i++) {
            String which = i == 1 ? "the same run again" : "one round per Spark job";
            assertArrayEquals(first, NetworkState.floats(runs.get(i).params()), which + ": parameters");
            assertArrayEquals(NetworkState.floats(runs.get(0).getUpdater().getStateViewArray()),
                    NetworkState.floats(runs.get(i).getUpdater().getStateViewArray()), which + ": Adam's state");
        }
    }

    /**
     * A run resumed from its checkpoint after epoch 1 (a new engine, the network read back from the checkpoint's file)
     * ends epoch 2 where the uninterrupted run ends, to the last bit, dropout included: each round's masks are drawn
     * from the run's seed, the epoch, the round and the worker, not from what the JVM or its task threads ran before.
     */
    @Test
    void aRunResumedFromItsCheckpointEndsWhereTheUninterruptedRunEnds() throws Exception {
        List<String> files = eightMinibatchFiles();
        AveragingSettings settings = new AveragingSettings(2, 1, 4);
        MultiLayerNetwork straight = ModelFixtures.network("cnn-bn", 5);
        MultiLayerNetwork interrupted = straight.clone();
        ParameterAveraging engine = new ParameterAveraging(sc, settings, 0, 11);
        for (int epoch = 1; epoch <= 2; epoch++) {
            engine.fitEpoch(straight, files, new VerifiedMinibatchLoader(), epoch, (r, rounds, l, d, t) -> { });
            straight.incrementEpochCount();
        }
        new ParameterAveraging(sc, settings, 0, 11).fitEpoch(interrupted, files, new VerifiedMinibatchLoader(), 1,
                (r, rounds, l, d, t) -> { });
        interrupted.incrementEpochCount();
        Checkpoints checkpoints = Checkpoints.beside(tmp.resolve("run"), List.of("train"));
        checkpoints.save(List.of(new EpochMetrics(1, 1e-3, 1, 0.5, 1, 0.5, 1, 1, 1, 1, List.of())), interrupted);
        MultiLayerNetwork resumed = checkpoints.latest().orElseThrow().network();
        new ParameterAveraging(sc, settings, 0, 11).fitEpoch(resumed, files, new VerifiedMinibatchLoader(), 2,
                (r, rounds, l, d, t) -> { });

        assertArrayEquals(NetworkState.floats(straight.params()), NetworkState.floats(resumed.params()),
                "parameters");
        assertArrayEquals(NetworkState.floats(straight.getUpdater().getStateViewArray()),
                NetworkState.floats(resumed.getUpdater().getStateViewArray()), "Adam's state");
    }

    /**
     * A replica that fails (a corrupt minibatch file in its first round) fails the epoch with the file's name, and
     * its partner, waiting to average with it, does not wait forever.
     */
    @Test
    void aFailingReplicaFailsTheEpochInsteadOfHangingItsPartner() throws Exception {
        List<String> files = eightMinibatchFiles();
        ParameterAveraging engine = new ParameterAveraging(sc, new AveragingSettings(2, 1, 4), 0, 11);
        String corrupt = EpochPlan.of(files, 2, 1, 4, engine.planSeed(1)).jobs().get(0).tasks().get(0).rounds()
                .get(0).get(0);
        java.nio.file.Files.write(Path.of(java.net.URI.create(corrupt)), new byte[] {1, 2, 3});
        MultiLayerNetwork start = ModelFixtures.network("cnn", 5);

        Exception failure = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> assertThrows(Exception.class,
                () -> engine.fitEpoch(start.clone(), files, new VerifiedMinibatchLoader(), 1,
                        (round, rounds, loss, drift, trained) -> { })));
        String fileName = corrupt.substring(corrupt.lastIndexOf('/') + 1);
        assertTrue(String.valueOf(failure.getMessage()).contains(fileName), failure.getMessage());
    }

    /**
     * Training files are read by path with the broadcast Hadoop settings, never through the stream DL4J's source opens
     * (with an 8 MB buffer per file).
     */
    @Test
    void trainingFilesAreReadByPath() throws Exception {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("data"), 8, 10);
        LabeledImages train = new ResolvedDataset("fixture", io.sparkcnn.data.KnownDataset.MNIST.labelNames(),
                new io.sparkcnn.data.IdxDataset(io.sparkcnn.data.DatasetDirectory.probe(dir)), "test").loadTrain();
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

    private List<String> eightMinibatchFiles() throws Exception {
        return eightMinibatchFiles(tmp);
    }

    /** 8 minibatch files of 8 images under {@code tmp}, in 2 shards of 4 (one per worker). */
    static List<String> eightMinibatchFiles(Path tmp) throws Exception {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("data"), 64, 10);
        LabeledImages train = new ResolvedDataset("fixture", io.sparkcnn.data.KnownDataset.MNIST.labelNames(),
                new io.sparkcnn.data.IdxDataset(io.sparkcnn.data.DatasetDirectory.probe(dir)), "test").loadTrain();
        return MinibatchFiles.write(train, List.of(MinibatchFiles.range(32),
                java.util.stream.IntStream.range(32, 64).toArray()), 8, tmp.resolve("batches").toUri());
    }

    /**
     * Parameter averaging done by hand, one round of {@code plan} after another: each worker's replica (a copy of the
     * network at the round's start) fits its files, and the network becomes their mean.
     */
    private static MultiLayerNetwork averagedOneByOne(MultiLayerNetwork start, EpochPlan plan) {
        MultiLayerNetwork current = start.clone();
        int iteration = current.getLayerWiseConfigurations().getIterationCount();
        for (EpochPlan.Job job : plan.jobs()) {
            for (int r = 0; r < job.roundCount(); r++) {
                StateSum sum = new StateSum();
                for (EpochPlan.WorkerRounds task : job.tasks()) {
                    MultiLayerNetwork replica = current.clone();
                    NetworkState.setStepCounts(replica, iteration, 0);
                    task.rounds().get(r).forEach(file -> replica.fit(MinibatchFiles.read(file)));
                    sum.merge(StateSum.of(replica));
                }
                sum.loadMeanInto(current);
                iteration += 1; // the averaging frequency
                current.getLayerWiseConfigurations().setIterationCount(iteration);
            }
        }
        return current;
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
