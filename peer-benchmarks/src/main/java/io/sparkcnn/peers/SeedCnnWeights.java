package io.sparkcnn.peers;

import java.util.random.RandomGenerator;

import static io.sparkcnn.peers.SeedCnnShape.CLASSES;
import static io.sparkcnn.peers.SeedCnnShape.FILTERS;
import static io.sparkcnn.peers.SeedCnnShape.FLATTENED;
import static io.sparkcnn.peers.SeedCnnShape.HIDDEN;
import static io.sparkcnn.peers.SeedCnnShape.KERNEL;

/**
 * The initial parameters, drawn once from the seed and handed to both engines, so that they start from the same
 * network and differ only in how they compute. The recipe is DL4J's for the seed CNN (models/SeedCnn): He normal
 * (std sqrt(2 / fanIn)) for the ReLU layers, Xavier normal (std sqrt(2 / (fanIn + fanOut))) for the softmax layer,
 * zero biases.
 *
 * <p>Layout is PyTorch's: convolution kernels [out][in][h][w], dense weights [out][in], and the 800 flattened
 * features in channel-major order (c, h, w). {@link TensorFlowSeedCnn} rearranges them for its layouts.
 */
public record SeedCnnWeights(float[] conv1Kernel, float[] conv1Bias,
                             float[] conv2Kernel, float[] conv2Bias,
                             float[] hiddenWeights, float[] hiddenBias,
                             float[] outputWeights, float[] outputBias) {

    public static SeedCnnWeights initial(RandomGenerator random) {
        int conv1FanIn = KERNEL * KERNEL;
        int conv2FanIn = FILTERS * KERNEL * KERNEL;
        return new SeedCnnWeights(
                gaussian(random, FILTERS * conv1FanIn, Math.sqrt(2.0 / conv1FanIn)), new float[FILTERS],
                gaussian(random, FILTERS * conv2FanIn, Math.sqrt(2.0 / conv2FanIn)), new float[FILTERS],
                gaussian(random, HIDDEN * FLATTENED, Math.sqrt(2.0 / FLATTENED)), new float[HIDDEN],
                gaussian(random, CLASSES * HIDDEN, Math.sqrt(2.0 / (HIDDEN + CLASSES))), new float[CLASSES]);
    }

    private static float[] gaussian(RandomGenerator random, int count, double std) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (random.nextGaussian() * std);
        }
        return out;
    }
}
