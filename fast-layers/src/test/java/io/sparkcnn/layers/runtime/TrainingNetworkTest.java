package io.sparkcnn.layers.runtime;

import static io.sparkcnn.layers.runtime.LayerTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.layers.conf.FastConvolutionLayer;
import io.sparkcnn.layers.conf.FastPoolingLayer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class TrainingNetworkTest {
    @Test
    void onlyTheFirstLayerInsideATrainingStepSkipsItsInputGradient() {
        TrainingNetwork net = network(TrainingNetwork::new);
        List<Boolean> seen = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                seen.add(TrainingNetwork.inputGradientDiscarded(net.getLayer(0)));
                seen.add(TrainingNetwork.inputGradientDiscarded(net.getLayer(1)));
            }
        });
        net.fit(batch());
        assertTrue(seen.get(0), "first layer, in fit");
        assertFalse(seen.get(1), "second layer, in fit");
        assertFalse(TrainingNetwork.inputGradientDiscarded(net.getLayer(0)), "after fit");

        seen.clear();
        net.calculateGradients(batch().getFeatures(), batch().getLabels(), null, null);
        assertFalse(seen.get(0), "calculateGradients returns the input gradient");
    }

    /** Skipping the input gradient changes nothing else: the same weights after training, and input gradients intact. */
    @Test
    void trainsLikeAPlainNetworkAndStillGivesInputGradients() {
        MultiLayerNetwork plain = network(MultiLayerNetwork::new);
        TrainingNetwork training = network(TrainingNetwork::new);
        trainBoth(training, plain);
        assertClose(plain.params(), training.params(), 0, "weights after 3 steps");
        Pair<Gradient, INDArray> expected = plain.calculateGradients(batch().getFeatures(), batch().getLabels(), null, null);
        Pair<Gradient, INDArray> actual = training.calculateGradients(batch().getFeatures(), batch().getLabels(), null, null);
        assertClose(expected.getSecond(), actual.getSecond(), 0, "gradient with respect to the input");
    }

    /**
     * The seed CNN's shapes (wide window matrices, 2x2 pooling's gradient handed to the convolutions in sparse form,
     * the first layer without its input gradient) as a TrainingNetwork on fast layers against DL4J's own layers.
     */
    @Test
    void theSeedCnnTrainsLikeDl4jsLayers() {
        MultiLayerNetwork dl4j = FastLayersMatchDl4jTest.seedCnn(false);
        TrainingNetwork training = network(TrainingNetwork::new, FastLayersMatchDl4jTest.seedCnn(true));
        Nd4j.getRandom().setSeed(12);
        DataSet images = new DataSet(Nd4j.rand(DataType.FLOAT, 64, 28 * 28), LayerTesting.labels(64, 10));
        for (int step = 0; step < 3; step++) {
            training.fit(images);
            dl4j.fit(images);
        }
        assertClose(dl4j.params(), training.params(), 1e-4, "weights after 3 Adam steps");
    }

    /** The same for cnn-bn's blocks, where batch norm and activation layers give and take copies too. */
    @Test
    void batchNormBlocksTrainLikeAPlainNetwork() {
        assertTrainsLikeAPlainNetwork(FastLayersMatchDl4jTest.withBatchNormBlocks(true));
    }

    /**
     * Activation layers above a dense layer and a convolution, and next to each other: a fast layer's output and
     * gradient stay unwritten only where a layer that reads the copy receives them (a dense layer does not).
     */
    @Test
    void activationLayersTrainLikeAPlainNetwork() {
        assertTrainsLikeAPlainNetwork(FastLayersMatchDl4jTest.withActivationLayers(true));
    }

    /**
     * A layer whose fast path does not cover its input falls back to DL4J's code, which reads the array its fast
     * neighbour left unwritten: it must be written first (here a p-norm pooling after a fast convolution).
     */
    @Test
    void aLayerFallingBackToDl4jReadsACompleteArray() {
        MultiLayerNetwork template = FastLayersMatchDl4jTest.networkOf(5, InputType.convolutionalFlat(28, 28, 1), 4,
                FastLayersMatchDl4jTest.conv(true, 3, 1, 0, 4, Activation.RELU, true),
                new FastPoolingLayer.Builder(PoolingType.PNORM).pnorm(2).kernelSize(2, 2).stride(2, 2).build(),
                FastLayersMatchDl4jTest.dense(true, 8, Activation.RELU, 0));
        assertTrainsLikeAPlainNetwork(template);
    }

    /**
     * Max pooling gives its gradient in sparse form to a fast convolution below it; one that falls back to DL4J's code
     * (here: dilated) reads the gradient array, which must then be filled in and written.
     */
    @Test
    void aConvolutionFallingBackToDl4jGetsTheWholeGradient() {
        MultiLayerNetwork template = FastLayersMatchDl4jTest.networkOf(6, InputType.convolutionalFlat(28, 28, 1), 4,
                FastLayersMatchDl4jTest.conv(true, 3, 1, 0, 4, Activation.RELU, true),
                new FastConvolutionLayer.Builder(3, 3).dilation(2, 2).nOut(4).activation(Activation.RELU).build(),
                new FastPoolingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                FastLayersMatchDl4jTest.dense(true, 8, Activation.RELU, 0));
        assertTrainsLikeAPlainNetwork(template);
    }

    /**
     * A DL4J layer between two fast layers that changes its input in place and passes on the same array (dropout, in
     * training): the next fast layer must read the array, not the first layer's copy of what it held before.
     */
    @Test
    void aLayerThatChangesItsInputInPlaceBreaksTheHandOver() {
        MultiLayerNetwork dl4j = withDropoutBetween(false);
        TrainingNetwork training = network(TrainingNetwork::new, withDropoutBetween(true));
        for (int step = 0; step < 3; step++) {
            Nd4j.getRandom().setSeed(100 + step); // the same dropout masks for both
            training.fit(batch());
            Nd4j.getRandom().setSeed(100 + step);
            dl4j.fit(batch());
        }
        assertClose(dl4j.params(), training.params(), 1e-4, "weights after 3 steps, against DL4J's layers");
    }

    private static MultiLayerNetwork withDropoutBetween(boolean fast) {
        return FastLayersMatchDl4jTest.networkOf(7, InputType.convolutionalFlat(28, 28, 1), 4,
                FastLayersMatchDl4jTest.conv(fast, 3, 1, 0, 4, Activation.RELU, true),
                new DropoutLayer.Builder(0.5).build(),
                (fast ? new FastPoolingLayer.Builder(PoolingType.MAX) : new SubsamplingLayer.Builder(PoolingType.MAX))
                        .kernelSize(2, 2).stride(2, 2).build(),
                FastLayersMatchDl4jTest.dense(fast, 8, Activation.RELU, 0));
    }

    /** Listeners see every activation, so with one the arrays are all written, as a plain network writes them. */
    @Test
    void listenersSeeCompleteActivations() {
        MultiLayerNetwork plain = network(MultiLayerNetwork::new);
        TrainingNetwork training = network(TrainingNetwork::new);
        List<INDArray> expected = new ArrayList<>();
        List<INDArray> seen = new ArrayList<>();
        plain.setListeners(activationsInto(expected));
        training.setListeners(activationsInto(seen));
        // Images no other test uses: this thread's workspace memory cannot hold these activations from before.
        DataSet own = batch(9);
        training.fit(own);
        plain.fit(own);
        for (int i = 0; i < expected.size(); i++) {
            assertClose(expected.get(i), seen.get(i), 0, "activations of layer " + (i - 1) + " seen by a listener");
        }
    }

    /** A TrainingNetwork and a plain network of {@code template}'s configuration reach the same weights. */
    private static void assertTrainsLikeAPlainNetwork(MultiLayerNetwork template) {
        MultiLayerNetwork plain = network(MultiLayerNetwork::new, template);
        TrainingNetwork training = network(TrainingNetwork::new, template);
        trainBoth(training, plain);
        assertClose(plain.params(), training.params(), 0, "weights after 3 steps");
    }

    /**
     * Three steps each, the training network first: the networks share this thread's workspace memory, so an array
     * left unwritten would otherwise still hold the plain network's identical values from a moment before.
     */
    private static void trainBoth(TrainingNetwork training, MultiLayerNetwork plain) {
        for (int step = 0; step < 3; step++) {
            training.fit(batch());
            plain.fit(batch());
        }
    }

    private static BaseTrainingListener activationsInto(List<INDArray> copies) {
        return new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                activations.forEach(a -> copies.add(a.detach()));
            }
        };
    }

    private static <N extends MultiLayerNetwork> N network(java.util.function.Function<MultiLayerConfiguration, N> make) {
        return network(make, FastLayersMatchDl4jTest.network(true));
    }

    private static <N extends MultiLayerNetwork> N network(java.util.function.Function<MultiLayerConfiguration, N> make,
                                                           MultiLayerNetwork template) {
        N net = make.apply(template.getLayerWiseConfigurations().clone());
        net.init();
        return net;
    }

    private static DataSet batch() {
        return batch(3);
    }

    private static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new DataSet(Nd4j.rand(DataType.FLOAT, 12, 28 * 28), LayerTesting.labels(12, 4));
    }
}
