package io.sparkcnn.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.settings.WorkerScalingRule;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small scaling study end to end: 1 and 2 workers, both rules, on a few Fashion-MNIST images. */
class ScalingStudyTest {
    @TempDir
    Path tmp;

    @Test
    void trainsEveryWorkerCountAndRuleOnceAndRecordsWhatWasScaled() throws IOException {
        Path dir = tmp.resolve("study");
        TrainSettings base = TrainSettings.defaults(dir)
                .withLoop(LoopSettings.defaults().withEpochs(1).withBatchSize(32))
                .withAveraging(AveragingSettings.defaults().withAveragingFrequency(2))
                .withData(DataSettings.defaults().withTrainLimit(640).withTestLimit(200));
        ScalingStudy.Plan plan = new ScalingStudy.Plan(base, List.of(1, 2), List.of(5L),
                List.of(WorkerScalingRule.SQRT, WorkerScalingRule.NONE), dir);
        ResolvedDataset fashion = DatasetResolver.standard(msg -> { }).resolve("fashion-mnist", Optional.empty());
        List<Integer> contexts = new ArrayList<>();

        ScalingTable table = ScalingStudy.run(plan, fashion, k -> {
            contexts.add(k);
            return new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("scaling-test")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1"));
        });

        assertEquals(List.of(1, 2, 2), contexts, "one worker once, two workers under each rule");
        assertEquals(List.of("-", "sqrt", "none"), table.rows().stream().map(ScalingTable.Row::rule).toList());
        ScalingTable.Row sqrt = table.rows().get(1);
        // 320 images a worker in minibatches of 32, averaged every 2: 5 rounds, each a state in and out per worker.
        assertEquals(5, sqrt.roundsPerEpoch());
        long stateBytes = ScalingStudy.stateBytes(dir.resolve("runs/sqrt-2w-seed5/model.zip"));
        assertTrue(stateBytes > 100_000, "parameters and Adam's two moments of the seed CNN: " + stateBytes);
        assertEquals(2L * 2 * 5 * stateBytes, sqrt.bytesPerEpoch());
        assertTrue(sqrt.meanDrift() > 0 && sqrt.meanDrift() < 0.1, "drift " + sqrt.meanDrift());

        ObjectMapper json = new ObjectMapper();
        JsonNode scaled = json.readTree(dir.resolve("runs/sqrt-2w-seed5/run.json").toFile()).at("/settings");
        assertEquals("sqrt", scaled.at("/workerScaling").asText());
        assertEquals(Math.sqrt(2), scaled.at("/scaledWithWorkers/learningRateFactor").asDouble(), 1e-12);
        JsonNode plain = json.readTree(dir.resolve("runs/none-2w-seed5/run.json").toFile()).at("/settings");
        assertEquals("none", plain.at("/workerScaling").asText());
        assertEquals(1.0, plain.at("/scaledWithWorkers/learningRateFactor").asDouble());
        assertEquals(5, json.readTree(dir.resolve("runs/none-2w-seed5/metrics.json").toFile())
                .at("/epochs/0/roundDrift").size(), "each round's drift is in metrics.json");

        String markdown = Files.readString(dir.resolve("scaling.md"));
        assertTrue(markdown.startsWith(table.markdown()), markdown);
        // One and two workers measured the cost model's parameters; it projects to more hosts.
        assertTrue(markdown.contains("Cost model: 20 minibatches an epoch") && markdown.contains("| 128 | 10 Gbit/s |"),
                markdown);
        assertEquals(3, json.readTree(dir.resolve("scaling.json").toFile()).at("/rows").size());

        // Started again on the same directory, the study reads its finished runs back instead of training.
        contexts.clear();
        ScalingTable again = ScalingStudy.run(plan, fashion, k -> {
            throw new AssertionError("trained again");
        });
        assertEquals(table, again);
    }
}
