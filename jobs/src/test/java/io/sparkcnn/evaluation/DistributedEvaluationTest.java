package io.sparkcnn.evaluation;

import io.sparkcnn.data.MinibatchFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.KnownDataset;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.models.ModelFixtures;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import io.sparkcnn.jobs.SparkTestContext;

/** Evaluation on the executors agrees with evaluating the same network here, and leaves the network intact. */
class DistributedEvaluationTest extends SparkTestContext {
    private static final List<String> LABELS = KnownDataset.MNIST.labelNames();

    @TempDir
    Path tmp;
    private List<String> files;
    private DataSet all;
    private final MultiLayerNetwork net = ModelFixtures.network("cnn", 3);

    @BeforeEach
    void testSet() throws Exception {
        LabeledImages test = IdxFixtures.dataset(tmp.resolve("d"), 10, 90).loadTest();
        files = MinibatchFiles.write(test, List.of(MinibatchFiles.range(90)), 16, tmp.resolve("batches").toUri());
        all = MinibatchFiles.toDataSet(test, MinibatchFiles.range(90), 0, 90);
    }

    @Test
    void matchesLocalEvaluationAndLoss() {
        net.fit(all); // one step, so predictions are not uniform

        DistributedEvaluation.Result result = DistributedEvaluation.run(sc, net, sc.parallelize(files, 2), LABELS);

        Evaluation local = new Evaluation(10);
        local.eval(all.getLabels(), net.output(all.getFeatures()));
        assertEquals(90, result.evaluation().getNumRowCounter());
        assertEquals(local.accuracy(), result.evaluation().accuracy(), 0.0);
        assertSameConfusion(local, result.evaluation());
        // DL4J's own loss of the same network on the same data (no regularisation in this model)
        assertEquals(net.score(all), result.meanLoss(), 1e-5 * net.score(all));
        net.output(all.getFeatures()); // the network still works: its parameters were not closed
    }

    @Test
    void keptNetworksTakeEachEvaluationsParameters() {
        try (DistributedEvaluation evaluation = DistributedEvaluation.of(sc, net.getLayerWiseConfigurations(),
                sc.parallelize(files, 2), LABELS)) {
            DistributedEvaluation.Result before = evaluation.evaluate(net);
            int kept = DistributedEvaluation.keptNetworks();
            assertTrue(kept >= 1 && kept <= 2, "one network per task running at once, kept: " + kept);
            for (int step = 0; step < 3; step++) {
                net.fit(all); // parameters the kept networks do not hold
            }
            DistributedEvaluation.Result after = evaluation.evaluate(net);
            assertTrue(DistributedEvaluation.keptNetworks() <= 2, "the kept networks evaluated again, no new ones");

            DistributedEvaluation.Result fresh = DistributedEvaluation.run(sc, net, sc.parallelize(files, 2), LABELS);
            assertNotEquals(before.meanLoss(), after.meanLoss(), "the second evaluation saw the new parameters");
            assertEquals(fresh.meanLoss(), after.meanLoss(), 1e-6 * fresh.meanLoss());
            assertEquals(fresh.evaluation().accuracy(), after.evaluation().accuracy(), 0.0);
            assertSameConfusion(fresh.evaluation(), after.evaluation());
            assertEquals(net.score(all), after.meanLoss(), 1e-5 * net.score(all));
        }
        assertEquals(0, DistributedEvaluation.keptNetworks(), "let go in local mode once the evaluations are done");
    }

    @Test
    void probabilitiesComeInTheOrderOfTheFiles() {
        net.fit(all);
        float[][] local = net.output(all.getFeatures()).toFloatMatrix();
        try (DistributedEvaluation evaluation = DistributedEvaluation.of(sc, net.getLayerWiseConfigurations(),
                sc.parallelize(files, 3), LABELS)) {
            assertTrue(evaluation.evaluate(net).probabilities().isEmpty(), "kept only when asked for");
            float[][] kept = evaluation.evaluateWithProbabilities(net).probabilities().orElseThrow();
            assertEquals(90, kept.length);
            for (int i = 0; i < 90; i++) {
                assertArrayEquals(local[i], kept[i], 1e-6f, "image " + i);
            }
        }
    }

    private static void assertSameConfusion(Evaluation expected, Evaluation actual) {
        for (int truth = 0; truth < 10; truth++) {
            for (int predicted = 0; predicted < 10; predicted++) {
                assertEquals(expected.getConfusionMatrix().getCount(truth, predicted),
                        actual.getConfusionMatrix().getCount(truth, predicted));
            }
        }
    }
}
