package io.sparkcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.data.DataException;
import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.MiniHdfs;
import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.data.ResolvedDataset;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.output.Checkpoints;
import io.sparkcnn.output.RunTimings;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.PrepareSettings;
import io.sparkcnn.settings.TrainSettings;

/** prepare to a real HDFS, then train with executors reading their shards from it. */
class HdfsShardsTest extends SparkTestContext {
    @TempDir
    static Path tmp;

    private static MiniHdfs hdfs;
    private static ResolvedDataset fixture;
    private static Path data;

    @BeforeAll
    static void start() throws IOException {
        hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        fixture = IdxFixtures.dataset(tmp.resolve("data"), 400, 100);
        data = fixture.location();
    }

    @AfterAll
    static void stop() {
        hdfs.close();
    }

    /** Trains on the shards at {@code shards}, checkpointing beside the output, from the start. */
    private TrainingMetrics train(TrainSettings settings, URI shards) {
        return TrainJob.run(sc, settings, PreparedShards.open(shards),
                Checkpoints.beside(settings.output().path(), List.of()), Optional.empty(), RunTimings.sinceNow());
    }

    private static TrainSettings settings(Path output, int workers) {
        return TrainSettings.defaults(output).withLoop(LoopSettings.defaults().withEpochs(2))
                .withAveraging(AveragingSettings.defaults().withWorkers(workers).withAveragingFrequency(2))
                .withData(DataSettings.defaults().withDataset("fixture").withDataDir(data)).validate();
    }

    /** Two shards of minibatches of 20, seed 3, at {@code uri}. */
    private static PrepareSettings prepare(URI uri) {
        return new PrepareSettings(DataSettings.defaults().withDataset("fixture").withDataDir(data), 2,
                LoopSettings.defaults().withBatchSize(20).withSeed(3), uri, false);
    }

    @Test
    void trainsFromShardsPreparedOnHdfs() throws IOException {
        URI uri = hdfs.uri("/shards/fixture");
        PrepareJob.run(fixture, prepare(uri));
        assertThrows(SettingsException.class, () -> PrepareJob.run(fixture, prepare(uri)),
                "an existing location is refused without --overwrite");

        Path out = tmp.resolve("trained");
        TrainingMetrics metrics = train(settings(out, 2), uri);
        assertTrue(metrics.finalReport().testAccuracy() > 0.9, "fixture classes are easy: "
                + metrics.finalReport().testAccuracy());
        assertEquals(400, metrics.trainImages());
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals("prepared shards", run.at("/dataset/origin").asText());
        assertTrue(run.at("/dataset/shards").asText().startsWith("hdfs://"), run.at("/dataset").toString());
        assertEquals(20, run.at("/settings/batchSize").asInt(), "the shards' minibatch size");

        SettingsException tooMany = assertThrows(SettingsException.class,
                () -> train(settings(tmp.resolve("three"), 3), uri));
        assertTrue(tooMany.getMessage().contains("--workers 3 is more than the 2 shards"), tooMany.getMessage());
    }

    @Test
    void aCorruptedShardStopsTrainingWithItsName() throws IOException {
        URI uri = hdfs.uri("/shards/corrupt");
        PreparedShards shards = PrepareJob.run(fixture, prepare(uri));
        String victim = shards.trainUris().get(3);
        FileSystem fs = hdfs.fileSystem();
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(URI.create(victim));
        byte[] bytes;
        try (InputStream in = fs.open(path)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length - 7] ^= 0x10;
        try (OutputStream o = fs.create(path, true)) {
            o.write(bytes);
        }
        Path out = tmp.resolve("never");
        Exception e = assertThrows(Exception.class,
                () -> train(settings(out, 2), uri));
        DataException cause = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataException d) {
                cause = d;
            }
        }
        assertTrue(cause != null && cause.getMessage().contains(victim) && cause.getMessage().contains("corrupt"),
                "the executor's error names the file: " + e);
        assertFalse(Files.exists(out), "no output from a failed run");
    }
}
