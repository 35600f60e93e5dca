package io.sparkcnn.evaluation;

import java.util.Arrays;

import io.sparkcnn.data.LabeledImages;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class probabilities of a network for images, computed in this JVM (for pictures and single files). */
public final class Predictions {
    static final int BATCH = 500;

    private Predictions() {
    }

    /** {@code [examples][classes]} probabilities for every image of {@code data}. */
    public static float[][] of(MultiLayerNetwork net, LabeledImages data) {
        int pixels = data.shape().pixels();
        float[][] out = new float[data.size()][];
        for (int start = 0; start < data.size(); start += BATCH) {
            int n = Math.min(BATCH, data.size() - start);
            float[] batch = new float[n * pixels];
            for (int i = 0; i < n; i++) {
                data.copyPixels(start + i, batch, i * pixels);
            }
            float[][] p = rows(net.output(Nd4j.create(batch, n, pixels), false));
            System.arraycopy(p, 0, out, start, n);
        }
        return out;
    }

    /** Probabilities for one flat image of pixels in [0, 1]. */
    public static float[] of(MultiLayerNetwork net, float[] pixels) {
        return net.output(Nd4j.create(pixels, 1, pixels.length), false).toFloatVector();
    }

    /**
     * The rows of {@code matrix} as Java arrays, from one copy out of ND4J. Its {@code toFloatMatrix} makes an ND4J
     * view of each row first, its shape information computed natively: for the evaluation's minibatches of 64 that
     * took a third of the executors' time, more than the convolutions (a CPU profile, BENCHMARKS.md).
     */
    public static float[][] rows(INDArray matrix) {
        int n = Math.toIntExact(matrix.size(0));
        int width = Math.toIntExact(matrix.size(1));
        float[] flat = matrix.dup('c').data().asFloat(); // a new array of its own: its buffer holds it alone
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return rows;
    }

    /** Index of the largest value (the first of equal ones). */
    public static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
