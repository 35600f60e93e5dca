package io.sparkcnn.evaluation;

import io.sparkcnn.data.MinibatchFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.KnownDataset;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.models.ModelFixtures;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import io.sparkcnn.jobs.SparkTestContext;

/** Evaluation on the executors agrees with evaluating the same network here, and leaves the network intact. */
class DistributedEvaluationTest extends SparkTestContext {
    @TempDir
    Path tmp;

    @Test
    void matchesLocalEvaluationAndLoss() throws Exception {
        LabeledImages test = IdxFixtures.dataset(tmp.resolve("d"), 10, 90).loadTest();
        List<String> files = MinibatchFiles.write(test, List.of(MinibatchFiles.range(90)), 16,
                tmp.resolve("batches").toUri());
        MultiLayerNetwork net = ModelFixtures.network("cnn", 3);
        DataSet all = MinibatchFiles.toDataSet(test, MinibatchFiles.range(90), 0, 90);
        net.fit(all); // one step, so predictions are not uniform

        DistributedEvaluation.Result result = DistributedEvaluation.run(sc, net, sc.parallelize(files, 2),
                KnownDataset.MNIST.labelNames());

        Evaluation local = new Evaluation(10);
        local.eval(all.getLabels(), net.output(all.getFeatures()));
        assertEquals(90, result.evaluation().getNumRowCounter());
        assertEquals(local.accuracy(), result.evaluation().accuracy(), 0.0);
        for (int actual = 0; actual < 10; actual++) {
            for (int predicted = 0; predicted < 10; predicted++) {
                assertEquals(local.getConfusionMatrix().getCount(actual, predicted),
                        result.evaluation().getConfusionMatrix().getCount(actual, predicted));
            }
        }
        // DL4J's own loss of the same network on the same data (no regularisation in this model)
        assertEquals(net.score(all), result.meanLoss(), 1e-5 * net.score(all));
        net.output(all.getFeatures()); // the network still works: its parameters were not closed
    }
}
