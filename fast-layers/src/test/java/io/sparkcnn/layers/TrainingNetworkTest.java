package io.sparkcnn.layers;

import static io.sparkcnn.layers.LayerTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
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
        for (int step = 0; step < 3; step++) {
            plain.fit(batch());
            training.fit(batch());
        }
        assertClose(plain.params(), training.params(), 0, "weights after 3 steps");
        Pair<Gradient, INDArray> expected = plain.calculateGradients(batch().getFeatures(), batch().getLabels(), null, null);
        Pair<Gradient, INDArray> actual = training.calculateGradients(batch().getFeatures(), batch().getLabels(), null, null);
        assertClose(expected.getSecond(), actual.getSecond(), 0, "gradient with respect to the input");
    }

    private static <N extends MultiLayerNetwork> N network(java.util.function.Function<MultiLayerConfiguration, N> make) {
        N net = make.apply(FastLayersMatchDl4jTest.network(true).getLayerWiseConfigurations().clone());
        net.init();
        return net;
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(3);
        return new DataSet(Nd4j.rand(DataType.FLOAT, 12, 28 * 28), LayerTesting.labels(12, 4));
    }
}
