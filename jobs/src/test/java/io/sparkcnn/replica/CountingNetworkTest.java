package io.sparkcnn.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.MinibatchFiles;
import io.sparkcnn.layers.runtime.TrainingNetwork;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelFixtures;
import io.sparkcnn.training.CorrectCount;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A counting replica trains exactly as a plain one (same parameters and optimiser state to the last bit, dropout's
 * random masks included), and counts the predictions of the step that trained on each minibatch: for a network
 * without dropout or batch normalisation, those of the network as it was just before the step.
 */
class CountingNetworkTest {
    @TempDir
    Path tmp;

    @Test
    void countsTheTrainingPassPredictionsOfEachStep() throws Exception {
        List<DataSet> batches = minibatches();
        MultiLayerNetwork start = ModelCatalog.newNetwork("cnn",
                ModelFixtures.mnistLike(ModelCatalog.get("cnn").defaults().withDropout(0), 3));
        CountingNetwork counting = replica(CountingNetwork::new, start);
        MultiLayerNetwork reference = replica(TrainingNetwork::new, start);

        long expectedCorrect = 0;
        long expectedExamples = 0;
        for (DataSet batch : batches) {
            expectedCorrect += correct(reference.output(batch.getFeatures(), false), batch.getLabels());
            expectedExamples += batch.numExamples();
            reference.fit(batch);
            counting.fit(batch);
        }
        CorrectCount count = counting.takeCount();
        assertEquals(new CorrectCount(expectedCorrect, expectedExamples), count);
        assertTrue(count.correct() > 0, "the network learns to predict some of the minibatches: " + count);
        assertEquals(CorrectCount.NONE, counting.takeCount(), "taking the count starts it afresh");
        assertEquals(reference.params(), counting.params());
    }

    @Test
    void trainsExactlyAsAPlainReplicaWithDropoutAndBatchNormalisation() throws Exception {
        List<DataSet> batches = minibatches();
        MultiLayerNetwork start = ModelFixtures.network("cnn-bn", 4); // dropout 0.25 before the dense layers
        CountingNetwork counting = replica(CountingNetwork::new, start);
        MultiLayerNetwork reference = replica(TrainingNetwork::new, start);
        for (int i = 0; i < batches.size(); i++) {
            // Dropout draws its masks from ND4J's global generator: each step starts it from the same seed, so that
            // the counting replica's step draws the reference's masks unless counting draws numbers too.
            Nd4j.getRandom().setSeed(100 + i);
            reference.fit(batches.get(i));
            Nd4j.getRandom().setSeed(100 + i);
            counting.fit(batches.get(i));
        }
        assertEquals(reference.params(), counting.params());
        assertEquals(reference.getUpdater().getStateViewArray(), counting.getUpdater().getStateViewArray());
        assertEquals(reference.score(), counting.score());
        assertEquals(batches.size() * 8L, counting.takeCount().examples());
    }

    @Test
    void inferenceIsNotCounted() throws Exception {
        DataSet batch = minibatches().get(0);
        CountingNetwork counting = replica(CountingNetwork::new, ModelFixtures.network("cnn", 5));
        counting.output(batch.getFeatures(), false);
        counting.output(batch.getFeatures(), true);
        assertEquals(CorrectCount.NONE, counting.takeCount());
    }

    private static <N extends MultiLayerNetwork> N replica(
            java.util.function.Function<org.deeplearning4j.nn.conf.MultiLayerConfiguration, N> make,
            MultiLayerNetwork start) {
        N replica = make.apply(start.getLayerWiseConfigurations().clone());
        replica.init(start.params().dup(), true);
        return replica;
    }

    private static long correct(INDArray probabilities, INDArray labels) {
        long[] predicted = probabilities.argMax(1).toLongVector();
        long[] truth = labels.argMax(1).toLongVector();
        long right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        return right;
    }

    /** 8 minibatches of 8 learnable images. */
    private List<DataSet> minibatches() throws Exception {
        LabeledImages train = IdxFixtures.dataset(tmp.resolve("data"), 64, 10).loadTrain();
        return MinibatchFiles.write(train, List.of(MinibatchFiles.range(64)), 8, tmp.resolve("batches").toUri())
                .stream().map(MinibatchFiles::read).toList();
    }
}
