package io.sparkcnn.layers.runtime;

import static io.sparkcnn.layers.runtime.LayerTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sparkcnn.layers.conf.FastConvolutionLayer;
import io.sparkcnn.layers.conf.FastPoolingLayer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A first convolution fused with the 2x2/2 max pooling above it ({@link PooledConvolution}) in a training step, against
 * the same layers run separately (a plain {@code MultiLayerNetwork}, where nothing is fused): the same loss and
 * gradients to float tolerance (the fused product adds the bias in another order), with the same pooling winners.
 */
class PooledConvolutionTest {
    /** The seed CNN's first layers (ReLU, so ties at zero), a second convolution of 8 channels (not fused). */
    @Test
    void theSeedCnnsFirstLayerPooledAtOnceGivesTheSeparateLayersResults() {
        MultiLayerNetwork template = FastLayersMatchDl4jTest.networkOf(3, InputType.convolutionalFlat(28, 28, 1), 10,
                conv(3, 8, Activation.RELU), maxPool(),
                conv(3, 6, Activation.RELU), maxPool(),
                FastLayersMatchDl4jTest.dense(true, 16, Activation.RELU, 0));
        TrainingNetwork fused = training(template);
        assertSameTrainingStep(template, fused, images(64, 5));
        assertEquals(1, pooledPasses(fused, 0), "the first convolution pooled at once");
        assertEquals(1, pooledBackprops(fused, 0), "and its backprop from the winners");
        assertEquals(0, pooledPasses(fused, 2), "8 input channels: the separate layers");
    }

    /**
     * Windows whose four outputs tie although their input patches differ: weights all 1/4, images of vertical lines
     * every third column (so every 3x3 patch sums to 3). The winner must be the one the pooling layer picks (the
     * first), or the weight gradient would come from another patch. The sums are exact in float, so the ties are too.
     */
    @Test
    void tiesPickTheSeparatePoolingsWinner() {
        MultiLayerNetwork template = FastLayersMatchDl4jTest.networkOf(4, InputType.convolutionalFlat(28, 28, 1), 4,
                conv(3, 5, Activation.IDENTITY), maxPool(),
                FastLayersMatchDl4jTest.dense(true, 8, Activation.RELU, 0));
        TrainingNetwork fused = training(template);
        for (MultiLayerNetwork net : List.of(template, fused)) {
            net.getLayer(0).setParam("W", Nd4j.valueArrayOf(new long[] {5, 1, 3, 3}, 0.25f));
            net.getLayer(0).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 5));
        }
        INDArray x = Nd4j.zeros(DataType.FLOAT, 12, 28 * 28);
        for (int n = 0; n < 12; n++) {
            for (int at = 0; at < 28 * 28; at++) {
                x.putScalar(n, at, (at % 28 + n) % 3 == 0 ? 1 + n : 0);
            }
        }
        assertSameTrainingStep(template, fused, x);
        assertEquals(1, pooledPasses(fused, 0));
    }

    /**
     * A one-channel convolution that is not the network's first layer computes its input gradient, so it keeps the
     * separate path; identity, 2x2 kernel, a 25x25 output whose last row and column no pooling window covers.
     */
    @Test
    void anInnerConvolutionStaysSeparate() {
        MultiLayerNetwork template = FastLayersMatchDl4jTest.networkOf(5, InputType.convolutionalFlat(28, 28, 1), 4,
                conv(3, 1, Activation.IDENTITY), conv(2, 3, Activation.IDENTITY), maxPool(),
                FastLayersMatchDl4jTest.dense(true, 8, Activation.RELU, 0));
        TrainingNetwork fused = training(template);
        assertSameTrainingStep(template, fused, images(20, 7));
        assertEquals(0, pooledPasses(fused, 1));
    }

    /** The first layer's 25x25 output: its last row and column are in no pooling window. */
    @Test
    void anOddOutputLeavesItsLastRowAndColumnOut() {
        MultiLayerNetwork template = FastLayersMatchDl4jTest.networkOf(6, InputType.convolutionalFlat(28, 28, 1), 4,
                conv(4, 3, Activation.RELU), maxPool(), FastLayersMatchDl4jTest.dense(true, 8, Activation.RELU, 0));
        TrainingNetwork fused = training(template);
        assertSameTrainingStep(template, fused, images(20, 8));
        assertEquals(1, pooledBackprops(fused, 0));
    }

    /** In three parts the weight gradient is summed in another order, still to float tolerance. */
    @Test
    void aMinibatchInThreePartsGivesTheSameGradients() {
        LayerTesting.inThreeParts(this::theSeedCnnsFirstLayerPooledAtOnceGivesTheSeparateLayersResults);
    }

    /** Listeners see every activation, so with one the convolution's full output is computed and written. */
    @Test
    void aListenerKeepsTheLayersSeparate() {
        MultiLayerNetwork template = FastLayersMatchDl4jTest.seedCnn(true);
        TrainingNetwork listened = training(template);
        List<INDArray> firstLayer = new ArrayList<>();
        listened.setListeners(new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                firstLayer.add(activations.get(1).detach());
            }
        });
        INDArray x = images(8, 9);
        listened.fit(new DataSet(x, LayerTesting.labels(8, 10)));
        assertEquals(0, pooledPasses(listened, 0));
        assertClose(template.feedForward(x, false).get(1), firstLayer.get(0), 0, "the first layer's full output");
    }

    /**
     * Three Adam steps of the seed CNN's shapes, the first layer fused, against the same layers run separately: the
     * same weights to float tolerance.
     */
    @Test
    void trainingStepsGiveTheSameWeights() {
        MultiLayerNetwork separate = FastLayersMatchDl4jTest.seedCnn(true);
        TrainingNetwork fused = training(separate);
        DataSet batch = new DataSet(images(64, 12), LayerTesting.labels(64, 10));
        for (int step = 0; step < 3; step++) {
            fused.fit(batch);
            separate.fit(batch);
        }
        assertEquals(3, pooledPasses(fused, 0));
        assertClose(separate.params(), fused.params(), 1e-4, "weights after 3 Adam steps");
    }

    /**
     * One training step's loss and gradients from {@code fused} (a TrainingNetwork, so first: networks on one thread
     * share workspace memory) and from {@code template} (a plain network with the same parameters): equal to float
     * tolerance.
     */
    private static void assertSameTrainingStep(MultiLayerNetwork template, TrainingNetwork fused, INDArray x) {
        INDArray y = LayerTesting.labels(Math.toIntExact(x.size(0)), template.getOutputLayer().getParam("b").columns());
        fused.setInput(x);
        fused.setLabels(y);
        fused.computeGradientAndScore();
        template.setInput(x);
        template.setLabels(y);
        template.computeGradientAndScore();
        assertEquals(template.score(), fused.score(), 1e-6 * template.score(), "loss");
        Map<String, INDArray> expected = template.gradient().gradientForVariable();
        Map<String, INDArray> actual = fused.gradient().gradientForVariable();
        for (String name : expected.keySet()) {
            assertClose(expected.get(name), actual.get(name), 1e-5, "gradient of " + name);
        }
    }

    private static TrainingNetwork training(MultiLayerNetwork template) {
        TrainingNetwork net = new TrainingNetwork(template.getLayerWiseConfigurations().clone());
        net.init();
        return net;
    }

    private static int pooledPasses(MultiLayerNetwork net, int layer) {
        return ((FastConvolution) net.getLayer(layer)).pooledPass.passes();
    }

    private static int pooledBackprops(MultiLayerNetwork net, int layer) {
        return ((FastConvolution) net.getLayer(layer)).pooledPass.backprops();
    }

    private static org.deeplearning4j.nn.conf.layers.Layer conv(int k, int filters, Activation activation) {
        return new FastConvolutionLayer.Builder(k, k).nOut(filters).activation(activation).build();
    }

    private static org.deeplearning4j.nn.conf.layers.Layer maxPool() {
        return new FastPoolingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private static INDArray images(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, n, 28 * 28);
    }
}
