package io.sparkcnn.layers.runtime;

import java.util.Arrays;
import java.util.Optional;

import io.sparkcnn.layers.cpu.CpuBackend;
import io.sparkcnn.layers.cpu.HostFloats;
import io.sparkcnn.layers.cpu.ImageParallel;
import io.sparkcnn.layers.kernels.PointwiseActivation;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An activation layer (ReLU after batch normalisation in {@code cnn-bn}) applied in Java, its images split over the
 * replica's threads, keeping its output for backprop. DL4J's layer copies its input, applies the function, and in
 * backprop copies the input again to differentiate at it: ~11 % of a {@code cnn-bn} replica's CPU (async-profiler).
 * Same results as DL4J's layer, which handles activations other than identity, ReLU, tanh and sigmoid, and other data
 * types or backends.
 */
public class FastActivation extends ActivationLayer {
    private static final long serialVersionUID = 1L;
    /** Outputs of the last training forward pass, kept for backprop, and the input they belong to. */
    private float[] out;
    private INDArray forwardInput;
    private float[] epsilonCopy;

    public FastActivation(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        Optional<PointwiseActivation> activation = fastActivation();
        float[] handed = HandedOver.take(this, input, activation.isPresent());
        if (activation.isEmpty()) {
            return super.activate(training, workspaceMgr);
        }
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, input.shape(), 'c');
        boolean write = !TrainingNetwork.readOnlyAsCopy(this, true);
        forward(activation.get(), handed, write ? result : null, training);
        HandedOver.give(this, true, result, out, write);
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Optional<PointwiseActivation> activation = fastActivation();
        boolean fast = activation.isPresent() && epsilon.dataType() == DataType.FLOAT
                && Arrays.equals(epsilon.shape(), input.shape());
        float[] handed = HandedOver.take(this, epsilon, fast);
        if (!fast) {
            TrainingNetwork.requireInputWritten(this, forwardInput);
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (forwardInput != input) {
            forward(activation.get(), null, null, true);
        }
        int images = Math.toIntExact(input.size(0));
        int perImage = Math.toIntExact(input.length() / images);
        INDArray epsDense = HostFloats.dense(epsilon);
        float[] dz = HostFloats.reuse(epsilonCopy, Math.toIntExact(input.length()));
        float[] outputs = out;
        INDArray epsilonBelow = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                input.shape(), 'c');
        boolean write = !TrainingNetwork.readOnlyAsCopy(this, false);
        ImageParallel.forEach(images, (from, to) -> {
            int at = from * perImage, length = (to - from) * perImage;
            float[] eps = handed != null ? handed : dz;
            if (handed == null) {
                HostFloats.readRange(epsDense, dz, at, length);
            }
            activation.get().backprop(eps, outputs, at, dz, at, length);
            if (write) {
                HostFloats.writeRange(dz, epsilonBelow, at, length);
            }
        });
        epsilonCopy = dz;
        forwardInput = null;
        HandedOver.give(this, false, epsilonBelow, dz, write);
        return new Pair<>(new DefaultGradient(), epsilonBelow);
    }

    /**
     * f(input), kept for backprop when {@code training}, and written to {@code result} unless it is null; the input
     * read from {@code handed}, its Java copy, unless that is null.
     */
    private void forward(PointwiseActivation activation, float[] handed, INDArray result, boolean training) {
        int images = Math.toIntExact(input.size(0));
        int perImage = Math.toIntExact(input.length() / images);
        INDArray inputDense = HostFloats.dense(input);
        float[] outputs = HostFloats.reuse(out, Math.toIntExact(input.length()));
        ImageParallel.forEach(images, (from, to) -> {
            int at = from * perImage, length = (to - from) * perImage;
            if (handed == null) {
                HostFloats.readRange(inputDense, outputs, at, length);
            }
            activation.apply(handed != null ? handed : outputs, outputs, at, at + length);
            if (result != null) {
                HostFloats.writeRange(outputs, result, at, length);
            }
        });
        out = outputs;
        forwardInput = training ? input : null;
    }

    /** The activation when the fast path covers this layer and its input; empty means DL4J's code. */
    private Optional<PointwiseActivation> fastActivation() {
        boolean covered = CpuBackend.active()
                && dataType == DataType.FLOAT
                && input != null && input.dataType() == DataType.FLOAT && input.rank() >= 2 && input.size(0) > 0
                && input.length() <= Integer.MAX_VALUE;
        return covered ? PointwiseActivation.of(layerConf().getActivationFn()) : Optional.empty();
    }
}
