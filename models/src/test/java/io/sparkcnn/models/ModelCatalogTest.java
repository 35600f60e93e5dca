package io.sparkcnn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

class ModelCatalogTest {

    @Test
    void everyModelMapsABatchOfImagesToClassProbabilities() {
        INDArray images = Nd4j.rand(3, 784);
        for (String name : ModelCatalog.names()) {
            INDArray out = ModelFixtures.network(name, 1).output(images);
            assertArrayEquals(new long[] {3, 10}, out.shape(), name);
            assertEquals(3.0, out.sumNumber().doubleValue(), 1e-4, name + ": each row sums to 1");
        }
    }

    @Test
    void seedCnnHasTheSpecifiedLayersAndParameterCount() {
        MultiLayerNetwork net = ModelFixtures.network("cnn", 1);
        // conv 3*3*1*32+32, conv 3*3*32*32+32, dense 5*5*32*128+128, softmax 128*10+10
        assertEquals(320 + 9248 + 102528 + 1290, net.numParams());
        assertInstanceOf(Adam.class, net.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W"));
    }

    @Test
    void cnnBnNormalisesAfterEachConvolutionAndDropsBeforeDenseLayers() {
        MultiLayerNetwork net = ModelFixtures.network("cnn-bn", 1);
        List<Layer> layers = layers(net);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof ConvolutionLayer) {
                assertInstanceOf(BatchNormalization.class, layers.get(i + 1), "layer after conv " + i);
            }
        }
        DenseLayer dense = (DenseLayer) layers.stream().filter(l -> l instanceof DenseLayer).findFirst().orElseThrow();
        // DL4J's Dropout holds the probability of keeping an activation: default drop rate 0.25 keeps 0.75.
        assertEquals(0.75, ((Dropout) dense.getIDropout()).getP(), 1e-12);
    }

    @Test
    void mlpHasTheRequestedHiddenWidthAndPlainSgd() {
        Hyperparameters h = new Hyperparameters(Optimizer.SGD, 0.1, 1.0, LearningRateSchedule.EXPONENTIAL, 0.0, 0.0,
                WeightInitScheme.XAVIER, 40, List.of());
        MultiLayerNetwork net = ModelCatalog.newNetwork("mlp", ModelFixtures.mnistLike(h, 1));
        assertArrayEquals(new long[] {784, 40}, net.getParam("0_W").shape());
        assertInstanceOf(Sgd.class, layers(net).get(0).getUpdaterByParam("W"));
    }

    @Test
    void convolutionWidthsAndHiddenUnitsShapeTheCnns() {
        Hyperparameters d = ModelCatalog.get("cnn-bn").defaults();
        Hyperparameters wide = new Hyperparameters(d.optimizer(), d.learningRate(), d.learningRateDecay(), d.schedule(),
                d.dropout(), d.l2(), d.weightInit(), 96, List.of(16, 48));
        MultiLayerNetwork net = ModelCatalog.newNetwork("cnn-bn", ModelFixtures.mnistLike(wide, 1));
        assertArrayEquals(new long[] {16, 1, 3, 3}, net.getParam("0_W").shape());
        assertArrayEquals(new long[] {48, 16, 3, 3}, net.getParam("4_W").shape());
        // 28 - 26 - 13 - 11 - 5: 48 maps of 5x5 feed the hidden layer of 96.
        assertArrayEquals(new long[] {48 * 5 * 5, 96}, net.getParam("8_W").shape());
        MultiLayerNetwork seed = ModelFixtures.network("cnn", 1);
        assertArrayEquals(new long[] {32, 32, 3, 3}, seed.getParam("2_W").shape());
        assertArrayEquals(new long[] {32 * 5 * 5, 128}, seed.getParam("4_W").shape());
    }

    @Test
    void lenet5KeepsTheClassicShapes() {
        MultiLayerNetwork net = ModelFixtures.network("lenet5", 1);
        assertArrayEquals(new long[] {6, 1, 5, 5}, net.getParam("0_W").shape());
        assertArrayEquals(new long[] {16, 6, 5, 5}, net.getParam("2_W").shape());
        // 28 (padded conv) - 14 (pool) - 10 (valid 5x5 conv) - 5 (pool): 16 maps of 5x5, as in the original.
        assertArrayEquals(new long[] {16 * 5 * 5, 120}, net.getParam("4_W").shape());
        assertArrayEquals(new long[] {120, 84}, net.getParam("5_W").shape());
    }

    @Test
    void filterWidthsMustMatchTheModelsConvolutions() {
        Hyperparameters d = ModelCatalog.get("cnn").defaults();
        Hyperparameters oneWidth = new Hyperparameters(d.optimizer(), d.learningRate(), d.learningRateDecay(),
                d.schedule(), d.dropout(), d.l2(), d.weightInit(), d.hiddenUnits(), List.of(16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelCatalog.newNetwork("cnn", ModelFixtures.mnistLike(oneWidth, 1)));
        assertEquals("model 'cnn' has 2 convolutions, but the hyperparameters give 1 filter widths: [16]", e.getMessage());
    }

    @Test
    void learningRateDecaysPerEpoch() {
        Hyperparameters h = new Hyperparameters(Optimizer.ADAM, 0.01, 0.5, LearningRateSchedule.EXPONENTIAL, 0.0,
                0.0, WeightInitScheme.HE, 1, List.of());
        assertEquals(0.01, h.learningRateAt(1, 10), 1e-15);
        assertEquals(0.0025, h.learningRateAt(3, 10), 1e-15);
    }

    @Test
    void cosineScheduleFallsFromTheFullRateTowardsZeroAndIgnoresTheDecay() {
        Hyperparameters h = new Hyperparameters(Optimizer.ADAM, 0.01, 0.5, LearningRateSchedule.COSINE, 0.0, 0.0,
                WeightInitScheme.HE, 1, List.of());
        assertEquals(0.01, h.learningRateAt(1, 4), 1e-15);
        assertEquals(0.01 * (1 + Math.sqrt(0.5)) / 2, h.learningRateAt(2, 4), 1e-15);
        assertEquals(0.005, h.learningRateAt(3, 4), 1e-15);
        assertEquals(0.01 * (1 - Math.sqrt(0.5)) / 2, h.learningRateAt(4, 4), 1e-15);
        assertEquals(0.01, h.learningRateAt(1, 1), 1e-15);
    }

    @Test
    void badHyperparametersAreNamedByTheirOption() {
        Hyperparameters h = new Hyperparameters(Optimizer.ADAM, -1, 2, LearningRateSchedule.EXPONENTIAL, 1.5, -0.1, WeightInitScheme.HE, 0, List.of(32, 0));
        assertEquals(List.of("learning-rate", "lr-decay", "dropout", "l2", "hidden-units", "filters"),
                h.problems().stream().map(io.sparkcnn.settings.SettingProblem::field).toList());
        assertEquals("--hidden-units must be at least 1, was 0", h.problems().get(4).asOption());
        assertEquals(List.of(), ModelCatalog.get("cnn").defaults().withHiddenUnits(64).withConvFilters(List.of(8, 16))
                .problems(), "withers keep the rest");
        assertThrows(IllegalArgumentException.class, () -> ModelCatalog.get("resnet"));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.parse("adagrad"));
        assertEquals(Optimizer.RMSPROP, Optimizer.parse("rmsprop"));
        assertEquals(WeightInitScheme.HE_UNIFORM, WeightInitScheme.parse("he-uniform"));
    }

    private static List<Layer> layers(MultiLayerNetwork net) {
        return java.util.stream.IntStream.range(0, net.getnLayers())
                .mapToObj(i -> net.getLayerWiseConfigurations().getConf(i).getLayer()).toList();
    }
}
