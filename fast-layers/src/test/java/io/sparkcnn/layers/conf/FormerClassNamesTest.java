package io.sparkcnn.layers.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A model saved when the fast layers' configurations were in {@code io.sparkcnn.layers} still loads. */
class FormerClassNamesTest {

    @Test
    void aConfigurationNamingTheFormerPackageReadsAsToday() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new FastAdam(1e-3))
                .list()
                .layer(new FastConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new FastPoolingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new FastDenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new FastOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build();
        String today = conf.toJson();
        String former = today.replace("io.sparkcnn.layers.conf.", "io.sparkcnn.layers.");
        assertTrue(former.contains("\"io.sparkcnn.layers.FastConvolutionLayer\""), "the fixture names old classes");

        FormerClassNames.install();
        FormerClassNames.install(); // a second time changes nothing
        assertEquals(today, MultiLayerConfiguration.fromJson(former).toJson());
    }

    @Test
    void onlyFormerTopLevelNamesAreMapped() {
        assertEquals("io.sparkcnn.layers.conf.FastAdam", FormerClassNames.currentName("io.sparkcnn.layers.FastAdam"));
        assertNull(FormerClassNames.currentName("io.sparkcnn.layers.conf.FastAdam"));
        assertNull(FormerClassNames.currentName("org.deeplearning4j.nn.conf.layers.DenseLayer"));
    }
}
