package io.sparkcnn.layers.runtime;

import java.util.Map;

import io.sparkcnn.layers.cpu.HostFloats;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A convolution's parameter gradients, as DL4J takes them: written into the layer's gradient views. */
final class ConvolutionGradients {
    private static final String W = ConvolutionParamInitializer.WEIGHT_KEY;
    private static final String B = ConvolutionParamInitializer.BIAS_KEY;

    private ConvolutionGradients() {
    }

    /** The weight gradient {@code dw} ([filter][patch]) and, {@code hasBias}, the bias gradient, in {@code views}. */
    static Gradient of(Map<String, INDArray> views, boolean hasBias, float[] dw, float[] biasSums) {
        Gradient gradient = new DefaultGradient();
        if (hasBias) {
            INDArray biasGrad = views.get(B);
            HostFloats.write(biasSums, biasGrad);
            gradient.setGradientFor(B, biasGrad);
        }
        INDArray weightGrad = views.get(W);
        HostFloats.write(dw, weightGrad);
        gradient.setGradientFor(W, weightGrad, 'c');
        return gradient;
    }
}
