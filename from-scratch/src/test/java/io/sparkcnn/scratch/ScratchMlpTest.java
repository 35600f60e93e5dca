package io.sparkcnn.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The oracle checked on its own: its backpropagation against finite differences of its loss. */
class ScratchMlpTest {
    private static final Random RANDOM = new Random(11);

    @Test
    void backpropagationMatchesFiniteDifferences() {
        ScratchMlp mlp = randomMlp(6, 4, 3);
        double[][] x = randomMatrix(5, 6, 1);
        double[][] y = oneHot(new int[] {0, 2, 1, 1, 0}, 3);
        ScratchMlp.Gradients g = mlp.gradients(x, y);
        double h = 1e-6;
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 4; c++) {
                double saved = mlp.w1[r][c];
                mlp.w1[r][c] = saved + h;
                double up = mlp.loss(x, y);
                mlp.w1[r][c] = saved - h;
                double down = mlp.loss(x, y);
                mlp.w1[r][c] = saved;
                assertEquals((up - down) / (2 * h), g.w1()[r][c], 1e-8, "dLoss/dW1[" + r + "][" + c + "]");
            }
        }
        for (int k = 0; k < 3; k++) {
            double saved = mlp.b2[k];
            mlp.b2[k] = saved + h;
            double up = mlp.loss(x, y);
            mlp.b2[k] = saved - h;
            double down = mlp.loss(x, y);
            mlp.b2[k] = saved;
            assertEquals((up - down) / (2 * h), g.b2()[k], 1e-8, "dLoss/db2[" + k + "]");
        }
    }

    @Test
    void probabilitiesSumToOneAndStepsLowerTheLoss() {
        ScratchMlp mlp = randomMlp(6, 4, 3);
        double[][] x = randomMatrix(5, 6, 1);
        double[][] y = oneHot(new int[] {0, 2, 1, 1, 0}, 3);
        for (double[] p : mlp.forward(x).probabilities()) {
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
        }
        double before = mlp.loss(x, y);
        for (int i = 0; i < 20; i++) {
            mlp.sgdStep(x, y, 0.5);
        }
        assertTrue(mlp.loss(x, y) < before, "20 SGD steps on one batch lower its loss");
    }

    @Test
    void softmaxIsStableForLargeInputs() {
        double[] z = {1000, 1000, 0};
        ScratchMlp.softmaxInPlace(z);
        assertEquals(0.5, z[0], 1e-12);
        assertEquals(0.0, z[2], 1e-12);
    }

    static ScratchMlp randomMlp(int in, int hidden, int out) {
        return new ScratchMlp(randomMatrix(in, hidden, 0.5), new double[hidden], randomMatrix(hidden, out, 0.5),
                randomMatrix(1, out, 0.1)[0]);
    }

    static double[][] randomMatrix(int rows, int cols, double scale) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = scale * (RANDOM.nextDouble() * 2 - 1);
            }
        }
        return m;
    }

    static double[][] oneHot(int[] labels, int classes) {
        double[][] y = new double[labels.length][classes];
        for (int i = 0; i < labels.length; i++) {
            y[i][labels[i]] = 1;
        }
        return y;
    }
}
