package io.sparkcnn.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.sparkcnn.benchmark.results.BenchmarkReport;
import io.sparkcnn.benchmark.results.BenchmarkSummary;
import io.sparkcnn.benchmark.results.BenchmarkTable;
import io.sparkcnn.benchmark.results.EpochTiming;
import io.sparkcnn.benchmark.results.MachineFacts;
import io.sparkcnn.benchmark.results.RunResult;
import io.sparkcnn.benchmark.results.SparkEpochParts;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.settings.OutputSettings;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.training.AveragingRoundTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Medians, paired comparisons and the table, from made-up runs with known figures; settings and peer plumbing. */
class BenchmarkSummaryTest {
    @TempDir
    Path tmp;

    private static final Variant.Info SINGLE = new Variant.Info("cnn/fast/single", "cnn single replica (2 threads)",
            Variant.Kind.SINGLE_REPLICA, "cnn", "fast", 1, 2);
    private static final Variant.Info SPARK = new Variant.Info("cnn/fast/spark-2", "cnn spark local[2], 2 workers",
            Variant.Kind.SPARK_AVERAGING, "cnn", "fast", 2, 1);
    private static final Variant.Info SINGLE_DL4J = new Variant.Info("cnn/dl4j/single", "cnn dl4j single replica",
            Variant.Kind.SINGLE_REPLICA, "cnn", "dl4j", 1, 2);
    private static final Variant.Info SPARK_DL4J = new Variant.Info("cnn/dl4j/spark-2", "cnn dl4j spark, 2 workers",
            Variant.Kind.SPARK_AVERAGING, "cnn", "dl4j", 2, 1);
    private static final Variant.Info TF = new Variant.Info("peer/tensorflow", "tensorflow (peer, 2 threads)",
            Variant.Kind.PEER, "cnn", null, 1, 2);

    /** A run of {@code images} images whose epochs took {@code seconds} each, {@code fit} of it inside fit. */
    private static RunResult run(Variant.Info v, int repeat, double accuracy, double fit, double... seconds) {
        List<EpochTiming> epochs = new java.util.ArrayList<>();
        for (int e = 0; e < seconds.length; e++) {
            epochs.add(EpochTiming.of(e + 1, seconds[e], 600, fit));
        }
        return new RunResult(v.id(), repeat, epochs, 600, accuracy, 100.0 * repeat, "VmHWM", 10.0, null, null, null);
    }

    @Test
    void sparkEpochPartsAddUpToTheEpochAndTakeMediansPartByPart() {
        // 2 epochs of 10 s each, 5 s of fit per epoch; rounds: 8 s of jobs (slowest tasks 7 s, mean 6 s) and 1 s
        // between rounds per epoch.
        AveragingRoundTimes.Breakdown total = new AveragingRoundTimes.Breakdown(20, 16, 14, 12, 2,
                new AveragingRoundTimes.TaskParts(0.4, 0.2, 0.6));
        SparkEpochParts parts = SparkEpochParts.of(total, 2, 10, 5);
        assertEquals(10, parts.jobs(), 1e-12);
        assertEquals(1, parts.taskNotFit(), 1e-12);
        assertEquals(0.2, parts.loading(), 1e-12);
        assertEquals(0.1, parts.copies(), 1e-12);
        assertEquals(0.3, parts.roundWaits(), 1e-12);
        assertEquals(0.4, parts.taskOther(), 1e-12);
        assertEquals(1, parts.straggler(), 1e-12);
        assertEquals(1, parts.scheduling(), 1e-12);
        assertEquals(1, parts.betweenRounds(), 1e-12);
        assertEquals(1, parts.outsideRounds(), 1e-12);
        assertEquals(10, parts.fit() + parts.taskNotFit() + parts.straggler() + parts.scheduling()
                + parts.betweenRounds() + parts.outsideRounds(), 1e-12, "the parts make up the epoch");

        SparkEpochParts other = new SparkEpochParts(10, 7, 3, 1, 1, 1, 3, 3, 3, 3);
        SparkEpochParts third = new SparkEpochParts(10, 6, 2, 0.5, 0.5, 0.5, 0, 2, 2, 2);
        SparkEpochParts median = SparkEpochParts.median(List.of(parts, other, third));
        assertEquals(6, median.fit(), 1e-12);
        assertEquals(1, median.straggler(), 1e-12);
        assertEquals(0.5, median.loading(), 1e-12);
        assertEquals(2, median.scheduling(), 1e-12);
        assertNull(SparkEpochParts.median(List.of()));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, BenchmarkSummary.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, BenchmarkSummary.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertEquals(7.0, BenchmarkSummary.median(List.of(7.0)));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkSummary.median(List.of()));
    }

    @Test
    void variantFiguresAreMediansOverRunsOfMediansOverEpochs() {
        List<RunResult> runs = List.of(
                run(SINGLE, 1, 0.80, 9.0, 10, 20, 12),   // epochs 10, 20, 12 -> run median 12
                run(SINGLE, 2, 0.82, 9.0, 30),           // 30
                run(SINGLE, 3, 0.81, 9.0, 14));          // 14 -> variant median 14
        BenchmarkSummary.VariantFigures f = BenchmarkSummary.of(List.of(SINGLE), runs).variants().get(0);
        assertEquals(3, f.runs());
        assertEquals(14.0, f.epochSeconds(), 1e-12);
        assertEquals(600 / 14.0, f.imagesPerSecond(), 1e-12);
        assertEquals(0.81, f.testAccuracy(), 1e-12);
        assertEquals(9.0, f.fitSeconds(), 1e-12);
        assertEquals(1 - 9.0 / 14.0, f.outsideFitShare(), 1e-12);
        assertEquals(300.0, f.peakRssMiB(), 1e-12, "peak memory: the largest of the runs");
    }

    @Test
    void comparisonsPairRunsOfTheSameRepeatAndSkipFailures() {
        RunResult tf1 = new RunResult(TF.id(), 1, List.of(new EpochTiming(1, 2.0, 300.0, null, null)), 600, 0.85,
                900.0, "peer", null, "2.16.2", null, null);
        List<RunResult> runs = List.of(
                run(SINGLE, 1, 0.80, 9.5, 10), run(SPARK, 1, 0.79, 5.0, 11), tf1,
                run(SINGLE, 2, 0.80, 19.5, 20), run(SPARK, 2, 0.78, 5.0, 21),
                RunResult.failed(TF.id(), 2, "tensorflow exited with 1"),
                run(SINGLE, 3, 0.80, 9.5, 10), RunResult.failed(SPARK.id(), 3, "boom"));
        BenchmarkSummary summary = BenchmarkSummary.of(List.of(SINGLE, SPARK, TF), runs);

        Map<String, BenchmarkSummary.Comparison> byFigure = new java.util.HashMap<>();
        summary.comparisons().forEach(c -> byFigure.put(c.figure(), c));
        BenchmarkSummary.Comparison time = byFigure.get("epochSeconds");
        assertEquals(List.of(1.1, 1.05), time.perRepeat(), "repeat 3 has no Spark run");
        assertEquals(1.075, time.value(), 1e-12);
        assertEquals("<= 1.15", time.target());
        assertTrue(time.met());
        assertEquals("cnn/fast/spark-2", time.numerator());

        BenchmarkSummary.Comparison accuracy = byFigure.get("testAccuracy");
        assertEquals("difference", accuracy.operation());
        assertEquals(-0.015, accuracy.value(), 1e-12);
        assertNull(accuracy.met());

        BenchmarkSummary.Comparison peer = byFigure.get("imagesPerSecond");
        assertEquals(List.of(60.0 / 300.0), peer.perRepeat(), "only repeat 1 has a TensorFlow figure");

        BenchmarkSummary.VariantFigures tf = summary.variants().get(2);
        assertEquals(1, tf.runs());
        assertEquals(1, tf.failedRuns());
        assertEquals("2.16.2", tf.engineVersion());
        assertNull(tf.outsideFitShare(), "a peer's fit time is not measured");
        assertEquals(List.of("repeat 2: tensorflow exited with 1"), tf.errors());

        BenchmarkSummary slow = BenchmarkSummary.of(List.of(SINGLE, SPARK),
                List.of(run(SINGLE, 1, 0.8, 9, 10), run(SPARK, 1, 0.8, 5, 12)));
        assertFalse(slow.comparisons().get(0).met(), "1.2 is above the 1.15 target");
    }

    @Test
    void eachLayerImplementationIsComparedWithItsOwnSingleReplicaAndFastWithDl4j() {
        List<Variant.Info> infos = List.of(SINGLE, SPARK, SINGLE_DL4J, SPARK_DL4J, TF);
        List<RunResult> runs = List.of(run(SINGLE, 1, 0.8, 9, 10), run(SPARK, 1, 0.8, 5, 11),
                run(SINGLE_DL4J, 1, 0.8, 50, 50), run(SPARK_DL4J, 1, 0.8, 30, 40),
                new RunResult(TF.id(), 1, List.of(new EpochTiming(1, 2.0, 300.0, null, null)), 600, 0.85, 900.0,
                        "peer", null, "2.16.2", null, null));
        Map<String, Double> byName = new java.util.HashMap<>();
        BenchmarkSummary.of(infos, runs).comparisons().forEach(c -> byName.put(c.name(), c.value()));
        assertEquals(1.1, byName.get("cnn spark local[2], 2 workers / cnn single replica (2 threads), epoch time"),
                1e-12);
        assertEquals(0.8, byName.get("cnn dl4j spark, 2 workers / cnn dl4j single replica, epoch time"), 1e-12);
        assertEquals(5.0, byName.get("cnn single replica (2 threads) / cnn dl4j single replica, images/s"), 1e-12,
                "fast layers: 60 images/s against 12");
        assertEquals(0.2, byName.get("cnn single replica (2 threads) / tensorflow (peer, 2 threads), images/s"), 1e-12);
        assertEquals(0.04, byName.get("cnn dl4j single replica / tensorflow (peer, 2 threads), images/s"), 1e-12);
        assertEquals(7, byName.size(), byName.keySet().toString());
    }

    @Test
    void tableShowsEveryVariantAndComparison() {
        List<RunResult> runs = List.of(run(SINGLE, 1, 0.8123, 9.5, 10), run(SPARK, 1, 0.8, 5.0, 11),
                RunResult.failed(TF.id(), 1, "tensorflow exited with 1"));
        List<Variant.Info> infos = List.of(SINGLE, SPARK, TF);
        BenchmarkReport report = new BenchmarkReport("start", "end", List.of("bin/spark-cnn", "benchmark"),
                "0123456789abcdef0123", new MachineFacts(2, "CPU", 1024L, "Linux", "Java 17", List.of(0.5, 0.25, 0.1)),
                Map.of(), BenchmarkSettings.defaults(null).asMap(),
                Map.of("name", "fashion-mnist", "trainImages", 600, "testImages", 100), infos, runs,
                BenchmarkSummary.of(infos, runs));
        String table = BenchmarkTable.format(report);
        assertTrue(table.contains("fashion-mnist, 600 training and 100 test images"), table);
        assertTrue(table.contains("load average 0.50 0.25 0.10 at start; commit 0123456789ab"), table);
        assertTrue(table.matches("(?s).*cnn single replica \\(2 threads\\)\\s+10\\.0\\s+60\\s+9\\.5\\s+5\\.0 %\\s+"
                + "0\\.8123\\s+100\\s+10\\n.*"), table);
        assertTrue(table.matches("(?s).*tensorflow \\(peer, 2 threads\\)\\s+failed: repeat 1: tensorflow exited with 1\n.*"),
                table);
        assertTrue(table.matches("(?s).*cnn spark local\\[2], 2 workers / cnn single replica \\(2 threads\\), epoch time"
                + "\\s+1\\.100\\s+<= 1\\.15 met\\s+1\\.100\\n.*"), table);
        assertTrue(table.contains("-0.0123"), "accuracy difference: " + table);
    }

    @Test
    void badSettingsAreNamedAllAtOnce() throws Exception {
        Path existing = Files.writeString(tmp.resolve("old.json"), "{}");
        BenchmarkSettings d = BenchmarkSettings.defaults(null);
        BenchmarkSettings bad = d.withData(d.data().withTrainLimit(10))
                .withLoop(d.loop().withEpochs(0))
                .withVariants(d.variants().withModels(List.of("cnn", "resnet"))
                        .withLayers(List.of(LayerImplementation.FAST, LayerImplementation.FAST))
                        .withWorkers(List.of(2, 0)).withAveragingFrequency(0).withPeers(List.of("caffe")))
                .withRepeats(RepeatSettings.defaults().withRepeats(0).withWarmupImages(100))
                .withOutput(new OutputSettings(existing, false));
        SettingsException e = assertThrows(SettingsException.class, bad::validate);
        for (String expected : new String[] {"--models: 'resnet' is unknown", "--epochs must be at least 1, was 0",
            "--repeats must be at least 1, was 0", "--averaging-frequency must be at least 1, was 0",
            "--workers-list: every worker count must be at least 1, was 0",
            "--train-limit 10 is less than one minibatch of 64 for each of 2 workers",
            "--warmup-images 100 is less than one minibatch of 64 for each of 2 workers",
            "peer engine 'caffe' is unknown", "old.json: already exists", "--layers lists an implementation twice"}) {
            assertTrue(e.getMessage().contains(expected), expected + " in: " + e.getMessage());
        }
        assertEquals("local[2]", d.master());
    }

    @Test
    void missingPeerBuildSaysHowToBuildIt() throws Exception {
        String key = "spark-cnn.peers.dir";
        System.setProperty(key, tmp.toString());
        try {
            SettingsException e = assertThrows(SettingsException.class, PeerVariant.Build::locate);
            assertTrue(e.getMessage().contains(tmp + " has no spark-cnn-peer-benchmarks-*.jar"), e.getMessage());
            assertTrue(e.getMessage().contains("mvn -q -B -Ppeers -pl peer-benchmarks -am install -DskipTests"),
                    e.getMessage());
            Files.writeString(tmp.resolve("spark-cnn-peer-benchmarks-0.1.0-SNAPSHOT.jar"), "");
            e = assertThrows(SettingsException.class, PeerVariant.Build::locate);
            assertTrue(e.getMessage().contains("has no peer-classpath.txt"), e.getMessage());
            Files.writeString(tmp.resolve("peer-classpath.txt"), "/a.jar:/b.jar\n");
            PeerVariant.Build build = PeerVariant.Build.locate();
            assertEquals(tmp.resolve("spark-cnn-peer-benchmarks-0.1.0-SNAPSHOT.jar") + ":/a.jar:/b.jar",
                    build.classpath());
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void peerOutputIsReadFromItsLastLine() {
        RunResult ok = PeerVariant.parse("peer/tensorflow", 1, "{\"engine\":\"tensorflow\",\"engineVersion\":\"2.16.2\","
                + "\"epochs\":[{\"epoch\":1,\"seconds\":20.0,\"imagesPerSecond\":3000.0}],"
                + "\"medianImagesPerSecond\":3000.0,\"testAccuracy\":0.855,\"peakRssMiB\":812.5,\"extra\":1}");
        assertTrue(ok.ok(), ok.error());
        assertEquals(60000, ok.trainImages());
        assertEquals(0.855, ok.testAccuracy(), 1e-12);
        assertEquals(812.5, ok.peakRssMiB(), 1e-12);
        assertEquals("2.16.2", ok.engineVersion());
        assertNull(ok.epochs().get(0).fitSeconds());

        assertTrue(PeerVariant.parse("peer/pytorch", 1, "Epoch 1 done").error().contains("not its JSON result"));
        assertTrue(PeerVariant.parse("peer/pytorch", 1, null).error().contains("printed nothing"));
    }
}
