package io.sparkcnn.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Counting in Java, image by image, gives DL4J's figures for the same minibatches, and their clipped log-loss. */
class TestTallyTest {
    private static final int CLASSES = 10;

    @Test
    void sameFiguresAsDl4jsEvaluationOfTheArrays() {
        Random random = new Random(5);
        Evaluation dl4j = new Evaluation(CLASSES);
        double dl4jLoss = 0;
        TestTally first = new TestTally(new Evaluation(CLASSES));
        TestTally second = new TestTally(new Evaluation(CLASSES));
        for (int batch = 0; batch < 6; batch++) {
            float[][] p = probabilities(random, 37, batch == 0);
            float[][] y = oneHot(random, 37);
            INDArray probabilities = Nd4j.create(p);
            INDArray labels = Nd4j.create(y);
            dl4j.eval(labels, probabilities);
            dl4jLoss -= Transforms.log(Transforms.max(probabilities, 1e-10), false).muli(labels).sumNumber()
                    .doubleValue();
            (batch % 2 == 0 ? first : second).add(p, y);
        }
        TestTally tally = first.merge(second);
        Evaluation ours = tally.evaluation();

        assertEquals(dl4j.getNumRowCounter(), ours.getNumRowCounter());
        assertEquals(dl4j.accuracy(), ours.accuracy(), 0.0);
        for (int c = 0; c < CLASSES; c++) {
            for (int predicted = 0; predicted < CLASSES; predicted++) {
                assertEquals(dl4j.getConfusionMatrix().getCount(c, predicted),
                        ours.getConfusionMatrix().getCount(c, predicted));
            }
            assertEquals(dl4j.precision(c), ours.precision(c), 0.0);
            assertEquals(dl4j.recall(c), ours.recall(c), 0.0);
            assertEquals(dl4j.f1(c), ours.f1(c), 0.0);
        }
        assertEquals(dl4j.f1(), ours.f1(), 0.0);
        assertEquals(dl4jLoss / dl4j.getNumRowCounter(), tally.meanLoss(), 1e-6 * tally.meanLoss());
    }

    /** Softmax-like rows; with {@code extremes}, some rows have probabilities of 0 (clipped) and ties. */
    private static float[][] probabilities(Random random, int rows, boolean extremes) {
        float[][] p = new float[rows][CLASSES];
        for (int i = 0; i < rows; i++) {
            float sum = 0;
            for (int k = 0; k < CLASSES; k++) {
                p[i][k] = extremes && k % 3 == 0 ? 0 : random.nextFloat();
                sum += p[i][k];
            }
            for (int k = 0; k < CLASSES; k++) {
                p[i][k] /= sum;
            }
            if (extremes && i % 4 == 0) { // a tie: the first class wins, as in DL4J's argmax
                for (int k = 0; k < CLASSES; k++) {
                    p[i][k] = k == 2 || k == 7 ? 0.5f : 0;
                }
            }
        }
        return p;
    }

    private static float[][] oneHot(Random random, int rows) {
        float[][] y = new float[rows][CLASSES];
        for (int i = 0; i < rows; i++) {
            y[i][random.nextInt(CLASSES)] = 1;
        }
        return y;
    }
}
