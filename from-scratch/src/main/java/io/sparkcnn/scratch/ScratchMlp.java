package io.sparkcnn.scratch;

/**
 * A one-hidden-layer perceptron with nothing but arrays, the way a course derives it:
 *
 * <pre>
 *   z1 = x W1 + b1        h = sigmoid(z1)          (hidden layer)
 *   z2 = h W2 + b2        p = softmax(z2)          (class probabilities)
 *   loss = mean over the batch of -sum_k y_k log p_k   (cross-entropy)
 * </pre>
 *
 * Backpropagation applies the chain rule from the loss back to each weight. Softmax and cross-entropy together
 * have the simple derivative {@code dLoss/dz2 = (p - y) / n}, and the sigmoid's derivative is {@code h (1 - h)}.
 * Weights are stored as DL4J stores a dense layer's ({@code W[in][out]}, {@code b[out]}), so the two can be
 * compared number by number.
 */
public final class ScratchMlp {
    /** Input-to-hidden weights, [inputs][hidden]. */
    public final double[][] w1;
    /** Hidden biases, [hidden]. */
    public final double[] b1;
    /** Hidden-to-output weights, [hidden][classes]. */
    public final double[][] w2;
    /** Output biases, [classes]. */
    public final double[] b2;

    public ScratchMlp(double[][] w1, double[] b1, double[][] w2, double[] b2) {
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /** The activations of one forward pass over a batch: hidden layer and class probabilities, one row per example. */
    public record Forward(double[][] hidden, double[][] probabilities) {
    }

    /** The loss's derivatives with respect to every weight and bias, shaped like them. */
    public record Gradients(double[][] w1, double[] b1, double[][] w2, double[] b2) {
    }

    public Forward forward(double[][] x) {
        double[][] hidden = affine(x, w1, b1);
        for (double[] row : hidden) {
            for (int j = 0; j < row.length; j++) {
                row[j] = sigmoid(row[j]);
            }
        }
        double[][] probabilities = affine(hidden, w2, b2);
        for (double[] row : probabilities) {
            softmaxInPlace(row);
        }
        return new Forward(hidden, probabilities);
    }

    /** Mean cross-entropy of the batch against one-hot labels {@code y}. */
    public double loss(double[][] x, double[][] y) {
        double[][] p = forward(x).probabilities();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < p[i].length; k++) {
                if (y[i][k] != 0) {
                    sum -= y[i][k] * Math.log(p[i][k]);
                }
            }
        }
        return sum / x.length;
    }

    /** Backpropagation: the gradient of {@link #loss} with respect to each parameter. */
    public Gradients gradients(double[][] x, double[][] y) {
        int n = x.length;
        Forward f = forward(x);

        // Output layer: softmax + cross-entropy give dLoss/dz2 = (p - y) / n.
        double[][] dz2 = new double[n][b2.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < b2.length; k++) {
                dz2[i][k] = (f.probabilities()[i][k] - y[i][k]) / n;
            }
        }
        double[][] dw2 = transposeTimes(f.hidden(), dz2);
        double[] db2 = columnSums(dz2);

        // Hidden layer: the error flows back through W2, then through the sigmoid's slope h (1 - h).
        double[][] dz1 = timesTranspose(dz2, w2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < b1.length; j++) {
                double h = f.hidden()[i][j];
                dz1[i][j] *= h * (1 - h);
            }
        }
        double[][] dw1 = transposeTimes(x, dz1);
        double[] db1 = columnSums(dz1);
        return new Gradients(dw1, db1, dw2, db2);
    }

    /** One step of plain gradient descent on the batch: every parameter moves against its gradient. */
    public void sgdStep(double[][] x, double[][] y, double learningRate) {
        Gradients g = gradients(x, y);
        subtractScaled(w1, g.w1(), learningRate);
        subtractScaled(b1, g.b1(), learningRate);
        subtractScaled(w2, g.w2(), learningRate);
        subtractScaled(b2, g.b2(), learningRate);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Softmax, shifted by the row's maximum first so that exp never overflows (the result is the same). */
    static void softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
    }

    /** {@code a W + b}, the bias added to every row. */
    private static double[][] affine(double[][] a, double[][] w, double[] b) {
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double sum = b[j];
                for (int k = 0; k < w.length; k++) {
                    sum += a[i][k] * w[k][j];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    /** {@code aᵀ b}: how each input unit's activity correlates with each output unit's error, summed over the batch. */
    private static double[][] transposeTimes(double[][] a, double[][] b) {
        double[][] out = new double[a[0].length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int r = 0; r < a[0].length; r++) {
                for (int c = 0; c < b[0].length; c++) {
                    out[r][c] += a[i][r] * b[i][c];
                }
            }
        }
        return out;
    }

    /** {@code a wᵀ}: errors sent back through the weights they came through. */
    private static double[][] timesTranspose(double[][] a, double[][] w) {
        double[][] out = new double[a.length][w.length];
        for (int i = 0; i < a.length; i++) {
            for (int r = 0; r < w.length; r++) {
                double sum = 0;
                for (int c = 0; c < w[0].length; c++) {
                    sum += a[i][c] * w[r][c];
                }
                out[i][r] = sum;
            }
        }
        return out;
    }

    private static double[] columnSums(double[][] a) {
        double[] out = new double[a[0].length];
        for (double[] row : a) {
            for (int c = 0; c < row.length; c++) {
                out[c] += row[c];
            }
        }
        return out;
    }

    private static void subtractScaled(double[][] target, double[][] delta, double scale) {
        for (int r = 0; r < target.length; r++) {
            subtractScaled(target[r], delta[r], scale);
        }
    }

    private static void subtractScaled(double[] target, double[] delta, double scale) {
        for (int c = 0; c < target.length; c++) {
            target[c] -= scale * delta[c];
        }
    }
}
