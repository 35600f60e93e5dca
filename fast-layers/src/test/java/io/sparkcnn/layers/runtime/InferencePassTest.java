package io.sparkcnn.layers.runtime;

import static io.sparkcnn.layers.runtime.LayerTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link TrainingNetwork}'s inference pass ({@code output}), where each layer's output is read by the next layer
 * alone: intermediate outputs stay in Java copies, and a first convolution with 2x2 max pooling above it is pooled at
 * once. Its outputs must be DL4J's own layers' to float tolerance: 1e-5 of the largest output, as the other fast-layer
 * tests (the fused convolution adds the bias inside its product, so in another order); every other call, such as
 * {@code feedForward}, must still see every layer's output written. The training network runs first in each
 * comparison: networks on one thread share workspace memory, so an array left unwritten would otherwise still hold
 * the other network's identical values.
 */
class InferencePassTest {
    private static final double TOLERANCE = 1e-5;

    /** The seed CNN's layers: the first convolution pooled at once, without winners. */
    @Test
    void theSeedCnnInfersLikeDl4jsLayersWithItsFirstConvolutionPooled() {
        MultiLayerNetwork dl4j = FastLayersMatchDl4jTest.seedCnn(false);
        TrainingNetwork fast = training(FastLayersMatchDl4jTest.seedCnn(true), dl4j);
        INDArray x = images(64, 21);
        assertClose(dl4j.output(x, false), fast.output(x, false), TOLERANCE, "network output");
        assertEquals(1, pooled(fast).inferences(), "the first convolution pooled at once");
        assertEquals(0, pooled(fast).passes(), "and not as in a training step");
        assertClose(dl4j.output(x, false), fast.output(x, false), TOLERANCE, "a second output, in the kept buffers");
        INDArray one = images(1, 27);
        assertClose(dl4j.output(one, false), fast.output(one, false), TOLERANCE, "then one image (as predict has)");
        assertEquals(3, pooled(fast).inferences());
    }

    /** The same in three parts of the minibatch: each part's chunk pooled by its own worker. */
    @Test
    void theSeedCnnInfersLikeDl4jsLayersInThreeParts() {
        LayerTesting.inThreeParts(this::theSeedCnnInfersLikeDl4jsLayersWithItsFirstConvolutionPooled);
    }

    /**
     * An identity convolution pooled at once, on inputs of both signs: the maximum of signed products, with a 25x25
     * output whose last row and column no pooling window covers.
     */
    @Test
    void anIdentityConvolutionWithAnOddOutputInfersLikeDl4j() {
        InputType input = InputType.convolutionalFlat(28, 28, 1);
        MultiLayerNetwork dl4j = FastLayersMatchDl4jTest.networkOf(6, input, 4,
                FastLayersMatchDl4jTest.conv(false, 4, 1, 0, 3, Activation.IDENTITY, true),
                FastLayersMatchDl4jTest.pool(false, PoolingType.MAX, 2, 2),
                FastLayersMatchDl4jTest.dense(false, 8, Activation.RELU, 0));
        TrainingNetwork fast = training(FastLayersMatchDl4jTest.networkOf(6, input, 4,
                FastLayersMatchDl4jTest.conv(true, 4, 1, 0, 3, Activation.IDENTITY, true),
                FastLayersMatchDl4jTest.pool(true, PoolingType.MAX, 2, 2),
                FastLayersMatchDl4jTest.dense(true, 8, Activation.RELU, 0)), dl4j);
        INDArray x = images(20, 22).subi(0.5);
        assertClose(dl4j.output(x, false), fast.output(x, false), TOLERANCE, "network output");
        assertEquals(1, pooled(fast).inferences());
    }

    /**
     * {@code cnn-bn}'s blocks after three training steps (batch norm then normalises with its running statistics):
     * every layer's output but the last stays in the Java copy its neighbour reads; the convolutions are not pooled
     * (batch norm reads them).
     */
    @Test
    void batchNormBlocksInferLikeDl4jsLayersAfterTraining() {
        MultiLayerNetwork dl4j = FastLayersMatchDl4jTest.withBatchNormBlocks(false);
        TrainingNetwork fast = training(FastLayersMatchDl4jTest.withBatchNormBlocks(true), dl4j);
        DataSet batch = new DataSet(images(45, 23), LayerTesting.labels(45, 4));
        for (int step = 0; step < 3; step++) {
            fast.fit(batch);
            dl4j.fit(batch);
        }
        INDArray x = images(30, 24);
        assertClose(dl4j.output(x, false), fast.output(x, false), 1e-4, "inference output after 3 Adam steps");
        assertEquals(0, pooled(fast).inferences(), "a convolution read by batch norm");
    }

    /** LeNet-5's layers: a padded tanh convolution and average pooling, so no pooled path, dense layers. */
    @Test
    void leNet5InfersLikeDl4jsLayers() {
        MultiLayerNetwork dl4j = leNet5(false);
        TrainingNetwork fast = training(leNet5(true), dl4j);
        INDArray x = images(33, 25);
        assertClose(dl4j.output(x, false), fast.output(x, false), TOLERANCE, "network output");
        assertEquals(0, pooled(fast).inferences());
    }

    /** The mlp's kind of network, dense layers only: nothing in it reads copies, so nothing changes but the scope. */
    @Test
    void denseLayersInferLikeDl4js() {
        InputType input = InputType.feedForward(28 * 28);
        MultiLayerNetwork dl4j = FastLayersMatchDl4jTest.networkOf(10, input, 10,
                FastLayersMatchDl4jTest.dense(false, 64, Activation.RELU, 0),
                FastLayersMatchDl4jTest.dense(false, 32, Activation.RELU, 0));
        TrainingNetwork fast = training(FastLayersMatchDl4jTest.networkOf(10, input, 10,
                FastLayersMatchDl4jTest.dense(true, 64, Activation.RELU, 0),
                FastLayersMatchDl4jTest.dense(true, 32, Activation.RELU, 0)), dl4j);
        INDArray x = images(40, 28);
        assertClose(dl4j.output(x, false), fast.output(x, false), TOLERANCE, "network output");
    }

    /**
     * {@code feedForward} returns every layer's activations, so every one is computed and written in full, as the
     * separate DL4J layers' ones, even right after an inference pass; and a score, computed through the inference
     * pass up to the layer below the output, is DL4J's.
     */
    @Test
    void feedForwardStillGivesEveryLayersActivations() {
        MultiLayerNetwork dl4j = FastLayersMatchDl4jTest.seedCnn(false);
        TrainingNetwork fast = training(FastLayersMatchDl4jTest.seedCnn(true), dl4j);
        INDArray x = images(16, 26);
        fast.output(x, false);
        List<INDArray> actual = fast.feedForward(x, false);
        List<INDArray> expected = dl4j.feedForward(x, false);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertClose(expected.get(i), actual.get(i), TOLERANCE, "activations of layer " + (i - 1));
        }
        assertEquals(1, pooled(fast).inferences(), "feedForward does not pool at once");
        DataSet batch = new DataSet(x, LayerTesting.labels(16, 10));
        double score = fast.score(batch);
        assertEquals(dl4j.score(batch), score, 1e-5 * score, "loss");
    }

    /** A TrainingNetwork with {@code fast}'s configuration and {@code same}'s parameters. */
    private static TrainingNetwork training(MultiLayerNetwork fast, MultiLayerNetwork same) {
        TrainingNetwork net = new TrainingNetwork(fast.getLayerWiseConfigurations().clone());
        net.init(same.params().dup(), false);
        return net;
    }

    private static PooledConvolution pooled(MultiLayerNetwork net) {
        return ((FastConvolution) net.getLayer(0)).pooledPass;
    }

    /** LeNet-5's layers (narrower), the fast ones or DL4J's. */
    private static MultiLayerNetwork leNet5(boolean fast) {
        return FastLayersMatchDl4jTest.networkOf(9, InputType.convolutionalFlat(28, 28, 1), 10,
                FastLayersMatchDl4jTest.conv(fast, 5, 1, 2, 6, Activation.TANH, true),
                FastLayersMatchDl4jTest.pool(fast, PoolingType.AVG, 2, 2),
                FastLayersMatchDl4jTest.conv(fast, 5, 1, 0, 16, Activation.TANH, true),
                FastLayersMatchDl4jTest.pool(fast, PoolingType.AVG, 2, 2),
                FastLayersMatchDl4jTest.dense(fast, 120, Activation.TANH, 0),
                FastLayersMatchDl4jTest.dense(fast, 84, Activation.TANH, 0));
    }

    private static INDArray images(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, n, 28 * 28);
    }
}
