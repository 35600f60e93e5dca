package io.sparkcnn.layers.runtime;

import static io.sparkcnn.layers.runtime.LayerTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import io.sparkcnn.layers.conf.FastActivationLayer;
import io.sparkcnn.layers.conf.FastBatchNormalizationLayer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
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
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The fast batch normalisation is a drop-in replacement for DL4J's: same training-mode and inference outputs, same
 * gradients (gamma, beta, the input) and the same steps of the running mean and variance, so a few Adam steps end
 * at the same parameters, running statistics included. The network has both of DL4J's ways of storing the running
 * variance: log10 of the standard deviation (the default) and the variance itself.
 */
class FastBatchNormalizationMatchesDl4jTest {
    private static final int BATCH = 45;

    @Test
    void trainingModeActivationsMatchDl4j() {
        INDArray x = images();
        var expected = network(false).feedForward(x, true);
        MultiLayerNetwork fast = network(true);
        var actual = fast.feedForward(x, true);
        assertTrue(((FastBatchNormalization) fast.getLayer(1)).holdsTrainingPass(), "the fast code ran, not DL4J's");
        assertTrue(((FastBatchNormalization) fast.getLayer(5)).holdsTrainingPass(), "the fast code ran, not DL4J's");
        for (int i = 0; i < expected.size(); i++) {
            assertClose(expected.get(i), actual.get(i), 1e-4, "training-mode activations of layer " + (i - 1));
        }
    }

    @Test
    void gradientsAndRunningStatisticStepsMatchDl4j() {
        INDArray x = images();
        INDArray y = labels();
        Pair<Gradient, INDArray> expected = network(false).calculateGradients(x, y, null, null);
        Pair<Gradient, INDArray> actual = network(true).calculateGradients(x, y, null, null);
        assertEquals(expected.getFirst().gradientForVariable().keySet(), actual.getFirst().gradientForVariable().keySet());
        for (String name : expected.getFirst().gradientForVariable().keySet()) {
            assertClose(expected.getFirst().getGradientFor(name), actual.getFirst().getGradientFor(name), 1e-3,
                    "gradient of " + name);
        }
        assertClose(expected.getSecond(), actual.getSecond(), 1e-3, "gradient with respect to the input images");
    }

    @Test
    void gradientsMatchWhenTheMinibatchIsSplitIntoThreeParts() {
        LayerTesting.inThreeParts(this::gradientsAndRunningStatisticStepsMatchDl4j);
    }

    @Test
    void trainingStepsGiveTheSameParametersAndInference() {
        MultiLayerNetwork dl4j = network(false);
        MultiLayerNetwork fast = network(true);
        DataSet batch = new DataSet(images(), labels());
        for (int step = 0; step < 3; step++) {
            dl4j.fit(batch);
            fast.fit(batch);
        }
        INDArray runningMean = dl4j.getLayer(1).getParam("mean");
        assertTrue(runningMean.amaxNumber().doubleValue() > 1e-3, "training moved the running mean off zero");
        assertClose(dl4j.params(), fast.params(), 1e-3, "parameters and running statistics after 3 Adam steps");
        INDArray x = images();
        assertClose(dl4j.output(x), fast.output(x), 1e-3, "inference output (running statistics)");
        var expected = dl4j.feedForward(x, false);
        var actual = fast.feedForward(x, false);
        for (int i = 0; i < expected.size(); i++) {
            INDArray fastActivations = actual.get(i);
            if (i - 1 == 1) {
                // DL4J's activation layer (layer 2) applies ReLU in place on its input at inference, so DL4J's list
                // shows batch norm's output already rectified; the fast activation layer leaves its input alone.
                fastActivations = Transforms.relu(fastActivations, true);
            }
            assertClose(expected.get(i), fastActivations, 1e-3, "inference activations of layer " + (i - 1));
        }
    }

    @Test
    void theBuilderKeepsEverySetting() {
        BatchNormalization dl4j = new BatchNormalization.Builder().decay(0.8).eps(1e-3).useLogStd(false).nOut(6)
                .name("bn").build();
        BatchNormalization.Builder fastBuilder = new FastBatchNormalizationLayer.Builder();
        BatchNormalization fast = fastBuilder.decay(0.8).eps(1e-3).useLogStd(false).nOut(6).name("bn").build();
        assertInstanceOf(FastBatchNormalizationLayer.class, fast);
        assertEquals(dl4j, fast);
        assertEquals(0.8, fast.getDecay());
        assertEquals(1e-3, fast.getEps());
        assertEquals("bn", fast.getLayerName());
    }

    @Test
    void aSavedModelLoadsWithItsFastBatchNormalization() throws IOException {
        MultiLayerNetwork fast = network(true);
        fast.fit(new DataSet(images(), labels()));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fast, zip, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip.toByteArray()), true);
        assertInstanceOf(FastBatchNormalization.class, restored.getLayer(1));
        assertInstanceOf(FastBatchNormalization.class, restored.getLayer(5));
        assertInstanceOf(FastActivation.class, restored.getLayer(2));
        INDArray x = images();
        assertClose(fast.output(x), restored.output(x), 0, "output of the restored model");
    }

    /**
     * conv 3x3 (4) - BN - ReLU - max 2x2 - conv 3x3 (6) - BN (variance stored as such, decay 0.8, eps 1e-3) - max
     * 2x2 - dense - softmax. The convolutions have no bias: before batch normalisation a bias's gradient is zero in
     * exact arithmetic, so both implementations would give only rounding noise, which Adam would turn into full steps.
     */
    private static MultiLayerNetwork network(boolean fast) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(new Adam(1e-2))
                .dataType(DataType.FLOAT)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).hasBias(false).build())
                .layer(batchNorm(fast).build())
                .layer(fast ? new FastActivationLayer(Activation.RELU) : new ActivationLayer(Activation.RELU))
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).hasBias(false).build())
                .layer(batchNorm(fast).decay(0.8).eps(1e-3).useLogStd(false).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static BatchNormalization.Builder batchNorm(boolean fast) {
        return fast ? new FastBatchNormalizationLayer.Builder() : new BatchNormalization.Builder();
    }

    /** Pixels in [0, 3) shifted by 1: far from zero mean and unit variance, so the normalisation matters. */
    private static INDArray images() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, BATCH, 28 * 28).muli(3).addi(1);
    }

    private static INDArray labels() {
        return LayerTesting.labels(BATCH, 4);
    }
}
