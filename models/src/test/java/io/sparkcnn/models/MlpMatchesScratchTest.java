package io.sparkcnn.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import io.sparkcnn.scratch.ScratchMlp;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's {@code mlp} against the from-scratch implementation: same weights and batch, same loss, same gradients,
 * and the same weights after a few SGD steps. In double precision, so the comparison measures the maths and not
 * float rounding.
 */
class MlpMatchesScratchTest {
    private static final double RELATIVE = 1e-4;
    private static final int HIDDEN = 16;
    private static final double LEARNING_RATE = 0.5;

    private MultiLayerNetwork dl4j;
    private ScratchMlp scratch;
    private double[][] x;
    private double[][] y;

    @BeforeEach
    void sameWeightsSameBatch() {
        Hyperparameters h = new Hyperparameters(Optimizer.SGD, LEARNING_RATE, 1.0, LearningRateSchedule.EXPONENTIAL, 0.0, 0.0, WeightInitScheme.XAVIER,
                HIDDEN, java.util.List.of());
        dl4j = new MultiLayerNetwork(new Mlp().configuration(ModelFixtures.mnistLike(h, 7)));
        dl4j.init();
        dl4j = dl4j.convertDataType(DataType.DOUBLE);
        scratch = new ScratchMlp(dl4j.getParam("0_W").toDoubleMatrix(), dl4j.getParam("0_b").toDoubleVector(),
                dl4j.getParam("1_W").toDoubleMatrix(), dl4j.getParam("1_b").toDoubleVector());

        Random random = new Random(3);
        x = new double[12][784];
        y = new double[12][10];
        for (int i = 0; i < x.length; i++) {
            for (int p = 0; p < 784; p++) {
                x[i][p] = random.nextDouble();
            }
            y[i][random.nextInt(10)] = 1;
        }
    }

    @Test
    void lossAgrees() {
        double expected = scratch.loss(x, y);
        double actual = dl4j.score(batch(), false);
        assertClose(new double[] {expected}, new double[] {actual}, "loss");
    }

    @Test
    void gradientsAgree() {
        Gradient summed = dl4j.calculateGradients(Nd4j.create(x), Nd4j.create(y), null, null).getFirst();
        // DL4J backpropagates the loss SUMMED over the batch and its updater divides by the batch size before the
        // step; the scratch MLP differentiates the mean loss. Divide to compare like with like.
        ScratchMlp.Gradients expected = scratch.gradients(x, y);
        assertClose(expected.w1(), mean(summed, "0_W"), "dLoss/dW1");
        assertClose(expected.b1(), mean(summed, "0_b")[0], "dLoss/db1");
        assertClose(expected.w2(), mean(summed, "1_W"), "dLoss/dW2");
        assertClose(expected.b2(), mean(summed, "1_b")[0], "dLoss/db2");
    }

    @Test
    void sgdStepsGiveTheSameWeights() {
        for (int step = 0; step < 3; step++) {
            dl4j.fit(batch());
            scratch.sgdStep(x, y, LEARNING_RATE);
        }
        assertClose(scratch.w1, dl4j.getParam("0_W").toDoubleMatrix(), "W1 after 3 steps");
        assertClose(scratch.b1, dl4j.getParam("0_b").toDoubleVector(), "b1 after 3 steps");
        assertClose(scratch.w2, dl4j.getParam("1_W").toDoubleMatrix(), "W2 after 3 steps");
        assertClose(scratch.b2, dl4j.getParam("1_b").toDoubleVector(), "b2 after 3 steps");
    }

    private double[][] mean(Gradient summed, String param) {
        return summed.getGradientFor(param).reshape(dl4j.getParam(param).shape()).div(x.length).toDoubleMatrix();
    }

    private DataSet batch() {
        INDArray features = Nd4j.create(x);
        INDArray labels = Nd4j.create(y);
        return new DataSet(features, labels);
    }

    /** Largest difference within RELATIVE of the largest expected magnitude (and the arrays not all zero). */
    private static void assertClose(double[] expected, double[] actual, String what) {
        assertClose(new double[][] {expected}, new double[][] {actual}, what);
    }

    private static void assertClose(double[][] expected, double[][] actual, String what) {
        double maxDiff = 0;
        double maxAbs = 0;
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[r][c] - actual[r][c]));
                maxAbs = Math.max(maxAbs, Math.abs(expected[r][c]));
            }
        }
        assertTrue(maxAbs > 0, what + ": expected values are all zero, nothing compared");
        assertTrue(maxDiff <= RELATIVE * maxAbs, what + ": differs by " + maxDiff + " against magnitude " + maxAbs);
    }
}
