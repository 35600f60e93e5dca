package io.sparkcnn.layers.runtime;

import static io.sparkcnn.layers.runtime.LayerTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import io.sparkcnn.layers.conf.FastActivationLayer;
import io.sparkcnn.layers.conf.FastAdam;
import io.sparkcnn.layers.conf.FastBatchNormalizationLayer;
import io.sparkcnn.layers.conf.FastConvolutionLayer;
import io.sparkcnn.layers.conf.FastDenseLayer;
import io.sparkcnn.layers.conf.FastOutputLayer;
import io.sparkcnn.layers.conf.FastPoolingLayer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fast layers are a drop-in replacement: on the same parameters and data they must give DL4J's outputs, loss,
 * parameter gradients and input gradients, and train to the same weights. The network covers every path: stride 1
 * and 2, zero padding, ReLU, tanh and identity, max and average pooling, a first layer and inner layers.
 */
class FastLayersMatchDl4jTest {
    /** Large enough that the first layer works in several cache-sized chunks (20 images each, the last one 5). */
    private static final int BATCH = 45;

    @Test
    void forwardPassMatchesDl4j() {
        MultiLayerNetwork dl4j = network(false);
        MultiLayerNetwork fast = network(true);
        INDArray x = images();
        assertClose(dl4j.output(x), fast.output(x), 1e-5, "network output");
        assertEquals(1, ((FastOutput) fast.getOutputLayer()).fastInferences(), "the softmax took the fast path");
        var dl4jActs = dl4j.feedForward(x, false);
        var fastActs = fast.feedForward(x, false);
        for (int i = 0; i < dl4jActs.size(); i++) {
            assertClose(dl4jActs.get(i), fastActs.get(i), 1e-5, "activations of layer " + (i - 1));
        }
    }

    @Test
    void gradientsMatchDl4j() {
        MultiLayerNetwork dl4j = network(false);
        MultiLayerNetwork fast = network(true);
        INDArray x = images();
        INDArray y = labels();
        Pair<Gradient, INDArray> expected = dl4j.calculateGradients(x, y, null, null);
        Pair<Gradient, INDArray> actual = fast.calculateGradients(x, y, null, null);
        assertSameGradients(expected, actual);

        dl4j.setInput(x);
        dl4j.setLabels(y);
        dl4j.computeGradientAndScore();
        fast.setInput(x);
        fast.setLabels(y);
        fast.computeGradientAndScore();
        assertEquals(dl4j.score(), fast.score(), 1e-5 * Math.abs(dl4j.score()), "loss");
    }

    /** Three parts of 15 images (this machine's core count would give two); the threads' share restored after. */
    @Test
    void gradientsMatchWhenTheMinibatchIsSplitIntoThreeParts() {
        LayerTesting.inThreeParts(this::gradientsMatchDl4j);
    }

    /**
     * The seed CNN's convolutions (3x3, stride 1, no padding: the wide window matrix) on a full minibatch of 64,
     * in one part, so that the second convolution's matrix spans several cache-sized chunks and each chunk's
     * buffers are exactly as large as its wide columns need.
     */
    @Test
    void seedCnnConvolutionsInOnePartMatchDl4j() {
        LayerTesting.inParts(1, () -> {
            MultiLayerNetwork dl4j = seedCnn(false);
            MultiLayerNetwork fast = seedCnn(true);
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(DataType.FLOAT, 64, 28 * 28);
            INDArray y = LayerTesting.labels(64, 10);
            assertClose(dl4j.output(x), fast.output(x), 1e-5, "network output");
            Pair<Gradient, INDArray> expected = dl4j.calculateGradients(x, y, null, null);
            Pair<Gradient, INDArray> actual = fast.calculateGradients(x, y, null, null);
            assertSameGradients(expected, actual);
        });
    }

    /**
     * Images in column-major order straight into a wide first convolution (no preprocessor): the layer works on a
     * dense copy of its input, which backprop must make again rather than reuse, as DL4J recycles the memory of
     * copies made during the forward pass.
     */
    @Test
    void aColumnMajorInputToAWideConvolutionMatchesDl4j() {
        InputType input = InputType.convolutional(12, 12, 2);
        MultiLayerNetwork dl4j = networkOf(4, input, 4, conv(false, 3, 1, 0, 4, Activation.RELU, true),
                conv(false, 3, 1, 0, 3, Activation.TANH, true), dense(false, 6, Activation.RELU, 0));
        MultiLayerNetwork fast = networkOf(4, input, 4, conv(true, 3, 1, 0, 4, Activation.RELU, true),
                conv(true, 3, 1, 0, 3, Activation.TANH, true), dense(true, 6, Activation.RELU, 0));
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.FLOAT, 9, 2, 12, 12).dup('f');
        INDArray y = LayerTesting.labels(9, 4);
        assertSameGradients(dl4j.calculateGradients(x, y, null, null), fast.calculateGradients(x, y, null, null));
    }

    static MultiLayerNetwork seedCnn(boolean fastLayers) {
        return networkOf(3, InputType.convolutionalFlat(28, 28, 1), 10,
                conv(fastLayers, 3, 1, 0, 32, Activation.RELU, true),
                pool(fastLayers, PoolingType.MAX, 2, 2),
                conv(fastLayers, 3, 1, 0, 32, Activation.RELU, true),
                pool(fastLayers, PoolingType.MAX, 2, 2),
                dense(fastLayers, 16, Activation.RELU, 0));
    }

    /**
     * Dense and output layers with dropout (as {@code cnn-bn} has), tanh and sigmoid: the same seed draws the same
     * dropout masks in both networks, so training gradients, loss and steps must agree; inference ignores dropout.
     */
    @Test
    void denseLayersWithDropoutMatchDl4j() {
        MultiLayerNetwork dl4j = denseWithDropout(false);
        MultiLayerNetwork fast = denseWithDropout(true);
        INDArray x = images();
        INDArray y = labels();
        assertClose(dl4j.output(x), fast.output(x), 1e-5, "inference output");
        fast.feedForward(x, true);
        for (int layer = 0; layer < 3; layer++) {
            assertTrue(((FastDense) fast.getLayer(layer)).holdsTrainingPass(), "layer " + layer + " took the fast path");
        }
        Nd4j.getRandom().setSeed(21);
        Pair<Gradient, INDArray> expected = dl4j.calculateGradients(x, y, null, null);
        Nd4j.getRandom().setSeed(21);
        Pair<Gradient, INDArray> actual = fast.calculateGradients(x, y, null, null);
        assertTrue(((FastOutput) fast.getOutputLayer()).holdsLoss(), "the output layer took the fast path");
        assertSameGradients(expected, actual);
        LayerTesting.inThreeParts(() -> {
            Nd4j.getRandom().setSeed(21);
            Pair<Gradient, INDArray> inParts = fast.calculateGradients(x, y, null, null);
            assertClose(expected.getFirst().getGradientFor("1_W"), inParts.getFirst().getGradientFor("1_W"), 1e-4,
                    "gradient of 1_W in three parts");
        });
        Nd4j.getRandom().setSeed(22);
        dl4j.fit(new DataSet(x, y));
        Nd4j.getRandom().setSeed(22);
        fast.fit(new DataSet(x, y));
        assertEquals(dl4j.score(), fast.score(), 1e-5 * dl4j.score(), "training loss with dropout");
        assertClose(dl4j.params(), fast.params(), 1e-4, "weights after a step with dropout");
    }

    private static MultiLayerNetwork denseWithDropout(boolean fastLayers) {
        return networkOf(9, InputType.feedForward(28 * 28), output(fastLayers, 4, 0.25),
                dense(fastLayers, 24, Activation.TANH, 0),
                dense(fastLayers, 13, Activation.SIGMOID, 0.25),
                dense(fastLayers, 10, Activation.RELU, 0.5));
    }

    /**
     * The output layer keeps the loss of its last backprop for the score DL4J asks for right after; a score asked
     * for later, after the parameters changed, must be computed afresh even for the same input and labels.
     */
    @Test
    void aScoreAfterNewParametersIsNotTheLastBackpropsLoss() {
        MultiLayerNetwork dl4j = networkOf(12, InputType.feedForward(20), output(false, 5, 0));
        MultiLayerNetwork fast = networkOf(12, InputType.feedForward(20), output(true, 5, 0));
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 20);
        INDArray y = LayerTesting.labels(16, 5);
        dl4j.calculateGradients(x, y, null, null);
        fast.calculateGradients(x, y, null, null);
        INDArray params = Nd4j.rand(DataType.FLOAT, dl4j.params().shape()).muli(3);
        dl4j.setParams(params.dup());
        fast.setParams(params.dup());
        DataSet data = new DataSet(x, y);
        assertEquals(dl4j.score(data, true), fast.score(data, true), 1e-5, "score with the new parameters");
    }

    /** Activation layers (ReLU, tanh, sigmoid) after a convolution and a dense layer, in two and three parts. */
    @Test
    void activationLayersMatchDl4j() {
        MultiLayerNetwork dl4j = withActivationLayers(false);
        MultiLayerNetwork fast = withActivationLayers(true);
        INDArray x = images();
        INDArray y = labels();
        assertClose(dl4j.output(x), fast.output(x), 1e-5, "network output");
        Pair<Gradient, INDArray> expected = dl4j.calculateGradients(x, y, null, null);
        assertSameGradients(expected, fast.calculateGradients(x, y, null, null));
        LayerTesting.inThreeParts(() -> assertSameGradients(expected, fast.calculateGradients(x, y, null, null)));
    }

    static MultiLayerNetwork withActivationLayers(boolean fastLayers) {
        return networkOf(13, InputType.convolutionalFlat(28, 28, 1), 4,
                conv(fastLayers, 3, 2, 0, 3, Activation.IDENTITY, true),
                activation(fastLayers, Activation.RELU),
                activation(fastLayers, Activation.TANH),
                dense(fastLayers, 10, Activation.IDENTITY, 0),
                activation(fastLayers, Activation.SIGMOID));
    }

    /**
     * {@code cnn-bn}'s blocks, every layer fast: each one's output goes straight to a fast layer above (conv to batch
     * norm, batch norm to activation, activation to pooling) and each input gradient to a fast layer below, so every
     * layer reads its neighbour's Java copy ({@link HandedOver}) in both directions, in training and in inference.
     */
    @Test
    void fastNeighboursReadingEachOthersCopiesMatchDl4j() {
        MultiLayerNetwork dl4j = withBatchNormBlocks(false);
        MultiLayerNetwork fast = withBatchNormBlocks(true);
        INDArray x = images();
        INDArray y = labels();
        assertSameGradients(dl4j.calculateGradients(x, y, null, null), fast.calculateGradients(x, y, null, null));
        DataSet batch = new DataSet(x, y);
        for (int step = 0; step < 3; step++) {
            dl4j.fit(batch);
            fast.fit(batch);
        }
        assertClose(dl4j.params(), fast.params(), 1e-4, "weights after 3 Adam steps");
        assertClose(dl4j.output(x), fast.output(x), 1e-4, "inference output after training");
    }

    static MultiLayerNetwork withBatchNormBlocks(boolean fastLayers) {
        return networkOf(17, InputType.convolutionalFlat(28, 28, 1), 4,
                conv(fastLayers, 3, 1, 0, 4, Activation.IDENTITY, false),
                batchNorm(fastLayers),
                activation(fastLayers, Activation.RELU),
                pool(fastLayers, PoolingType.MAX, 2, 2),
                conv(fastLayers, 3, 1, 0, 6, Activation.IDENTITY, false),
                batchNorm(fastLayers),
                activation(fastLayers, Activation.RELU),
                pool(fastLayers, PoolingType.MAX, 2, 2),
                dense(fastLayers, 8, Activation.RELU, 0));
    }

    private static org.deeplearning4j.nn.conf.layers.Layer batchNorm(boolean fast) {
        return (fast ? new FastBatchNormalizationLayer.Builder()
                : new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder()).build();
    }

    private static org.deeplearning4j.nn.conf.layers.Layer activation(boolean fast, Activation activation) {
        return fast ? new FastActivationLayer(activation) : new org.deeplearning4j.nn.conf.layers.ActivationLayer(activation);
    }

    @Test
    void trainingStepsGiveTheSameWeights() {
        MultiLayerNetwork dl4j = network(false);
        MultiLayerNetwork fast = network(true);
        DataSet batch = new DataSet(images(), labels());
        for (int step = 0; step < 3; step++) {
            dl4j.fit(batch);
            fast.fit(batch);
        }
        assertTrue(dl4j.params().distance2(network(false).params()) > 1e-3, "training moved the weights");
        assertClose(dl4j.params(), fast.params(), 1e-4, "weights after 3 Adam steps");
        assertClose(dl4j.getUpdater().getStateViewArray(), fast.getUpdater().getStateViewArray(), 1e-4,
                "Adam's moments after 3 steps");
    }

    @Test
    void aSavedModelLoadsWithItsFastLayers() throws IOException {
        MultiLayerNetwork fast = network(true);
        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(fast.getLayerWiseConfigurations().toJson());
        assertInstanceOf(FastConvolutionLayer.class, fromJson.getConf(0).getLayer());
        assertInstanceOf(FastPoolingLayer.class, fromJson.getConf(1).getLayer());
        assertInstanceOf(FastDenseLayer.class, fromJson.getConf(6).getLayer());
        assertInstanceOf(FastOutputLayer.class, fromJson.getConf(7).getLayer());

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fast, zip, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip.toByteArray()), true);
        assertInstanceOf(FastConvolution.class, restored.getLayer(0));
        assertInstanceOf(FastPooling.class, restored.getLayer(1));
        assertInstanceOf(FastOutput.class, restored.getOutputLayer());
        assertInstanceOf(FastAdam.class, restored.getLayer(0).conf().getLayer().getUpdaterByParam("W"));
        INDArray x = images();
        assertClose(fast.output(x), restored.output(x), 0, "output of the restored model");
    }

    @Test
    void aSecondMinibatchOfAnotherSizeIsNotConfusedWithTheFirst() {
        MultiLayerNetwork dl4j = network(false);
        MultiLayerNetwork fast = network(true);
        INDArray small = images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2));
        fast.output(images());
        assertClose(dl4j.output(small), fast.output(small), 1e-5, "output of a 2-image batch after a 45-image one");
    }

    /**
     * conv 5x5 pad 2 ReLU (first layer, LeNet-5's) - max 2x2/2 - conv 3x3 stride 2 pad 1 tanh - max 3x3/2 (overlapping
     * windows) - conv 2x2 identity without bias - avg 2x2/2 - dense - softmax.
     */
    static MultiLayerNetwork network(boolean fastLayers) {
        return networkOf(7, InputType.convolutionalFlat(28, 28, 1), 4,
                conv(fastLayers, 5, 1, 2, 5, Activation.RELU, true),
                pool(fastLayers, PoolingType.MAX, 2, 2),
                conv(fastLayers, 3, 2, 1, 4, Activation.TANH, true),
                pool(fastLayers, PoolingType.MAX, 3, 2),
                conv(fastLayers, 2, 1, 0, 3, Activation.IDENTITY, false),
                pool(fastLayers, PoolingType.AVG, 2, 2),
                dense(fastLayers, 8, Activation.RELU, 0));
    }

    /** The layers, then a softmax over {@code classes}: a float network with Adam, initialised from {@code seed}. */
    static MultiLayerNetwork networkOf(long seed, InputType input, int classes,
                                               org.deeplearning4j.nn.conf.layers.Layer... layers) {
        boolean fast = layers[0].getClass().getSimpleName().startsWith("Fast");
        return networkOf(seed, input, output(fast, classes, 0), layers);
    }

    /**
     * The layers, then {@code output}: a float network with Adam (spark-cnn's when the output layer is), initialised from
     * {@code seed}.
     */
    private static MultiLayerNetwork networkOf(long seed, InputType input,
                                               org.deeplearning4j.nn.conf.layers.Layer output,
                                               org.deeplearning4j.nn.conf.layers.Layer... layers) {
        boolean fast = output instanceof FastOutputLayer;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(fast ? new FastAdam(1e-2) : new Adam(1e-2))
                .dataType(DataType.FLOAT)
                .list();
        for (org.deeplearning4j.nn.conf.layers.Layer layer : layers) {
            list.layer(layer);
        }
        MultiLayerConfiguration conf = list
                .layer(output)
                .setInputType(input)
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Every parameter gradient and the gradient with respect to the input, as DL4J's. */
    private static void assertSameGradients(Pair<Gradient, INDArray> expected, Pair<Gradient, INDArray> actual) {
        for (String name : expected.getFirst().gradientForVariable().keySet()) {
            assertClose(expected.getFirst().getGradientFor(name), actual.getFirst().getGradientFor(name), 1e-4,
                    "gradient of " + name);
        }
        assertClose(expected.getSecond(), actual.getSecond(), 1e-4, "gradient with respect to the input images");
    }

    static org.deeplearning4j.nn.conf.layers.Layer conv(boolean fast, int k, int stride, int pad, int filters,
                                                                 Activation activation, boolean bias) {
        ConvolutionLayer.Builder b = fast ? new FastConvolutionLayer.Builder(k, k) : new ConvolutionLayer.Builder(k, k);
        return b.stride(stride, stride).padding(pad, pad).nOut(filters).activation(activation).hasBias(bias).build();
    }

    static org.deeplearning4j.nn.conf.layers.Layer dense(boolean fast, int units, Activation activation,
                                                                  double dropRate) {
        DenseLayer.Builder b = fast ? new FastDenseLayer.Builder() : new DenseLayer.Builder();
        b.nOut(units).activation(activation);
        if (dropRate > 0) {
            b.dropOut(1 - dropRate);
        }
        return b.build();
    }

    /** Softmax with cross-entropy over {@code classes}, dropping {@code dropRate} of its inputs in training. */
    private static org.deeplearning4j.nn.conf.layers.Layer output(boolean fast, int classes, double dropRate) {
        OutputLayer.Builder b = fast ? new FastOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT);
        b.nOut(classes).activation(Activation.SOFTMAX);
        if (dropRate > 0) {
            b.dropOut(1 - dropRate);
        }
        return b.build();
    }

    static org.deeplearning4j.nn.conf.layers.Layer pool(boolean fast, PoolingType type, int k, int stride) {
        SubsamplingLayer.Builder b = fast ? new FastPoolingLayer.Builder(type) : new SubsamplingLayer.Builder(type);
        return b.kernelSize(k, k).stride(stride, stride).build();
    }

    private static INDArray images() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, BATCH, 28 * 28);
    }

    private static INDArray labels() {
        return LayerTesting.labels(BATCH, 4);
    }

}
