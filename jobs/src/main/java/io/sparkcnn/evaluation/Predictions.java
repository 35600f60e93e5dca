package io.sparkcnn.evaluation;

import io.sparkcnn.data.LabeledImages;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
            // One copy out of ND4J for the batch, not a view and a copy for each row.
            float[][] p = net.output(Nd4j.create(batch, n, pixels), false).toFloatMatrix();
            System.arraycopy(p, 0, out, start, n);
        }
        return out;
    }

    /** Probabilities for one flat image of pixels in [0, 1]. */
    public static float[] of(MultiLayerNetwork net, float[] pixels) {
        return net.output(Nd4j.create(pixels, 1, pixels.length), false).toFloatVector();
    }

    /** Index of the largest value. */
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
