package io.sparkcnn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.sparkcnn.jobs.SparkTestContext;
import io.sparkcnn.loading.VerifiedMinibatchLoader;
import io.sparkcnn.models.ModelFixtures;
import io.sparkcnn.settings.AveragingSettings;
import org.apache.spark.scheduler.BarrierJobSlotsNumberCheckFailed;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A Spark job of averaging rounds that fails (here a minibatch that cannot be read, as when a host's link is down) is
 * started again from the last averaged parameters, and the epoch ends where a fault-free one does; a job that keeps
 * failing stops the run after the retries, naming the failed task's host and error; a bad input is not retried.
 */
class RoundRetriesTest extends SparkTestContext {
    /** Loads, counted over the test's tasks (local mode: the executors are this JVM). */
    private static final AtomicInteger LOADS = new AtomicInteger();

    @TempDir
    Path tmp;

    /** Fails load number {@code failAt} (counted from 1; 0: every load) with an IOException, as a lost link would. */
    private record FailingLoads(int failAt) implements DataSetLoader {
        private static final long serialVersionUID = 1L;

        @Override
        public DataSet load(Source source) throws IOException {
            int load = LOADS.incrementAndGet();
            if (failAt == 0 || load == failAt) {
                throw new IOException("injected: No route to host reading " + source.getPath());
            }
            return new VerifiedMinibatchLoader().load(source);
        }
    }

    @BeforeEach
    void resetLoads() {
        LOADS.set(0);
    }

    private static ParameterAveraging engine(int roundsPerJob, int retries, Duration pause) {
        AveragingSettings settings = new AveragingSettings(2, 1, roundsPerJob).withRoundRetries(retries);
        return new ParameterAveraging(sc, settings, 0, 11, AveragingRule.plain(), pause);
    }

    @Test
    void aJobThatFailsOnceRunsAgainAndEndsWhereAFaultFreeEpochDoes() throws Exception {
        List<String> files = ParameterAveragingTest.eightMinibatchFiles(tmp);
        MultiLayerNetwork start = ModelFixtures.network("cnn", 5);
        // 4 rounds of one minibatch per worker: one barrier job averaged through the coordinator, or a job per round.
        for (int roundsPerJob : new int[] {4, 1}) {
            String how = roundsPerJob + " round(s) per Spark job";
            MultiLayerNetwork faultFree = start.clone();
            engine(roundsPerJob, 2, Duration.ZERO).fitEpoch(faultFree, files, new VerifiedMinibatchLoader(), 1,
                    (round, rounds, loss, drift, trained) -> { });

            LOADS.set(0);
            List<Integer> reported = Collections.synchronizedList(new ArrayList<>());
            MultiLayerNetwork retried = start.clone();
            engine(roundsPerJob, 2, Duration.ZERO).fitEpoch(retried, files, new FailingLoads(4), 1,
                    (round, rounds, loss, drift, trained) -> reported.add(round));

            assertTrue(LOADS.get() > 8, how + ": minibatches were loaded again after the failure: " + LOADS.get());
            assertEquals(4, retried.getLayerWiseConfigurations().getIterationCount(), how + ": 4 rounds, no more");
            assertTrue(retried.params().equalsWithEps(faultFree.params(), 1e-6),
                    how + ": max difference " + retried.params().sub(faultFree.params()).amaxNumber());
            assertTrue(retried.getUpdater().getStateViewArray().equalsWithEps(
                    faultFree.getUpdater().getStateViewArray(), 1e-6), how + ": Adam's state");
            assertEquals(List.of(1, 2, 3, 4), reported.stream().distinct().sorted().toList(), how + ": " + reported);
            assertEquals(4, reported.get(reported.size() - 1), how + ": the epoch ends with its last round");
        }
    }

    @Test
    void aJobThatKeepsFailingStopsAfterTheRetriesNamingTheHostAndTheError() throws Exception {
        List<String> files = ParameterAveragingTest.eightMinibatchFiles(tmp);
        MultiLayerNetwork network = ModelFixtures.network("cnn", 5);
        MultiLayerNetwork before = network.clone();

        RoundFailedException failure = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> assertThrows(
                RoundFailedException.class, () -> engine(4, 2, Duration.ofMillis(10)).fitEpoch(network, files,
                        new FailingLoads(0), 1, (round, rounds, loss, drift, trained) -> { })));
        String message = failure.getMessage();
        assertTrue(message.startsWith("averaging rounds 1-4/4 of epoch 1 failed 3 time(s), the last time on host "),
                message);
        assertTrue(message.contains("(executor driver): java.io.IOException: injected: No route to host"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertEquals(before.params(), network.params(), "the network keeps the last averaged parameters");
        assertEquals(before.getLayerWiseConfigurations().getIterationCount(),
                network.getLayerWiseConfigurations().getIterationCount());
    }

    @Test
    void aCorruptShardIsNotRetried() throws Exception {
        List<String> files = ParameterAveragingTest.eightMinibatchFiles(tmp);
        ParameterAveraging engine = engine(4, 3, Duration.ofMinutes(5)); // a retry would outlast the timeout
        String corrupt = EpochPlan.of(files, 2, 1, 4, engine.planSeed(1)).jobs().get(0).tasks().get(1).rounds()
                .get(0).get(0);
        Files.write(Path.of(java.net.URI.create(corrupt)), new byte[] {1, 2, 3});

        Exception failure = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> assertThrows(Exception.class,
                () -> engine.fitEpoch(ModelFixtures.network("cnn", 5), files, new VerifiedMinibatchLoader(), 1,
                        (round, rounds, loss, drift, trained) -> { })));
        assertFalse(failure instanceof RoundFailedException, failure.toString());
        assertTrue(String.valueOf(failure.getMessage()).contains(corrupt.substring(corrupt.lastIndexOf('/') + 1)),
                failure.getMessage());
    }

    @Test
    void aBarrierStageShortOfSlotsIsSaidSoInsteadOfSparksMessage() {
        try (RoundRetries retries = new RoundRetries(sc.sc(), 0, Duration.ZERO)) {
            retries.beginTry();
            RoundFailedException failure = assertThrows(RoundFailedException.class, () -> retries.afterFailure(
                    "1-4/4", 1, 1, new BarrierJobSlotsNumberCheckFailed(2, 1), null));
            assertEquals("averaging rounds 1-4/4 of epoch 1 failed 1 time(s), the last time on too few task slots: the"
                    + " barrier stage needs 2, one for each replica, and the cluster had 1 (an executor lost or not"
                    + " registered yet)", failure.getMessage());
        }
    }
}
