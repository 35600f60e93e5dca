package io.sparkcnn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkcnn.settings.SettingsException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Every model takes its input shape and class count from the data: any size, gray or RGB, up to 1,000 classes. */
class AnyInputShapeTest {
    private static MultiLayerNetwork network(String model, int rows, int cols, int channels, int classes) {
        return ModelCatalog.newNetwork(model, new ModelSpec(rows, cols, channels, classes,
                ModelCatalog.get(model).defaults(), 1, LayerImplementation.FAST));
    }

    @Test
    void everyModelTakesRgbImagesOfAnySizeAndManyClasses() {
        for (String model : ModelCatalog.names()) {
            MultiLayerNetwork net = network(model, 32, 24, 3, 1000);
            float[] batch = new float[2 * 3 * 32 * 24];
            long[] out = net.output(Nd4j.create(batch, 2, 3 * 32 * 24), false).shape();
            assertArrayEquals(new long[] {2, 1000}, out, model);
        }
    }

    @Test
    void imagesTooSmallForAModelAreAUsageErrorNamingIt() {
        SettingsException e = assertThrows(SettingsException.class, () -> network("cnn", 8, 8, 1, 10));
        assertTrue(e.getMessage().startsWith("--model cnn cannot take images of 8x8 pixels"), e.getMessage());
        assertEquals(10, network("cnn", 10, 10, 1, 10).layerSize(5), "10x10 is the seed CNN's smallest");
        assertEquals(2, network("mlp", 1, 2, 1, 2).layerSize(1));
    }
}
