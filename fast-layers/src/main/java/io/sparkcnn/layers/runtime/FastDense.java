package io.sparkcnn.layers.runtime;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Optional;

import io.sparkcnn.layers.cpu.CpuBackend;
import io.sparkcnn.layers.cpu.HostFloats;
import io.sparkcnn.layers.cpu.ImageParallel;
import io.sparkcnn.layers.cpu.NativeFloats;
import io.sparkcnn.layers.cpu.Sgemm;
import io.sparkcnn.layers.kernels.PointwiseActivation;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fully connected layer whose three products go straight to OpenBLAS on ND4J's own memory, split by images (or,
 * for the weight gradient, by output units) over the replica's threads. DL4J's layer runs them on one thread through
 * ND4J's mmul, which copies transposed operands first (DenseProductTiming, in the measurements module: 0.40 ms for the
 * seed CNN's 64x800 · 800x128 forward product and 1.1 ms for its weight gradient, against 0.19 and 0.17 ms in
 * OpenBLAS), and its backprop repeats the forward product. Same parameters and results as DL4J's layer, which it falls
 * back to for what it does not cover (layer norm, masks, weight noise, other activations or data types).
 */
public class FastDense extends DenseLayer {
    private static final long serialVersionUID = 1L;
    private static final String W = DefaultParamInitializer.WEIGHT_KEY;
    private static final String B = DefaultParamInitializer.BIAS_KEY;

    /** Activations of the last training forward pass, kept for backprop, and the input they belong to. */
    private float[] out;
    private INDArray forwardInput;
    private float[] epsilonCopy;
    private final NativeFloats productMemory = new NativeFloats();

    public FastDense(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        Optional<PointwiseActivation> activation = fastActivation();
        if (activation.isEmpty()) {
            return super.activate(training, workspaceMgr);
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {input.size(0), layerConf().getNOut()}, 'c');
        forward(activation.get(), result, training);
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Optional<PointwiseActivation> activation = fastActivation();
        if (activation.isEmpty() || epsilon.dataType() != DataType.FLOAT || epsilon.rank() != 2
                || epsilon.size(0) != input.size(0) || epsilon.size(1) != layerConf().getNOut()
                || !HostFloats.isDenseColumnMajor(gradientViews.get(W))) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (forwardInput != input) {
            applyDropOutIfNecessary(true, workspaceMgr);
            forward(activation.get(), null, true);
        }
        int n = Math.toIntExact(input.size(0));
        int nIn = Math.toIntExact(layerConf().getNIn());
        int nOut = Math.toIntExact(layerConf().getNOut());
        INDArray in = HostFloats.dense(input);
        float[] eps = HostFloats.read(epsilon, epsilonCopy);

        // dz = eps * f'(z) in place of the epsilon copy, summed per unit for the bias gradient.
        float[] dz = eps;
        activation.get().backprop(eps, out, 0, dz, 0, n * nOut);
        float[] biasSums = new float[nOut];
        for (int unit = 0; unit < nOut; unit++) {
            double sum = 0;
            for (int i = unit; i < n * nOut; i += nOut) {
                sum += dz[i];
            }
            biasSums[unit] = (float) sum;
        }
        FloatBuffer dzBuffer = productMemory.ensure(n * nOut);
        dzBuffer.put(0, dz, 0, n * nOut);

        INDArray weightGradient = gradientViews.get(W); // [nIn, nOut] in 'f' order: [nOut, nIn] row-major
        FloatBuffer dwt = HostFloats.transposedBuffer(weightGradient);
        FloatBuffer x = HostFloats.buffer(in);
        FloatBuffer wt = HostFloats.transposedBuffer(getParam(W));
        INDArray epsilonBelow = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {n, nIn}, 'c');
        FloatBuffer dx = HostFloats.buffer(epsilonBelow);
        int parts = ImageParallel.parts(n);
        ImageParallel.forEachPart(n, parts, (worker, part, from, to) -> {
            // dx = dz · W for this part's images.
            Sgemm.multiply(false, false, to - from, nIn, nOut, dzBuffer.slice(from * nOut, (to - from) * nOut),
                    nOut, wt, nIn, 0f, dx.slice(from * nIn, (to - from) * nIn), nIn);
            // dW^T = dz^T · x for this part's share of the units: every image, no sums across parts needed.
            int unitsFrom = (int) ((long) nOut * part / parts), unitsTo = (int) ((long) nOut * (part + 1) / parts);
            if (unitsTo > unitsFrom) {
                Sgemm.multiply(true, false, unitsTo - unitsFrom, nIn, n,
                        dzBuffer.slice(unitsFrom, n * nOut - unitsFrom), nOut, x, nIn, 0f,
                        dwt.slice(unitsFrom * nIn, (unitsTo - unitsFrom) * nIn), nIn);
            }
        });

        Reference.reachabilityFence(in); // its memory was read through a raw buffer
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGradient = gradientViews.get(B);
            HostFloats.write(biasSums, biasGradient);
            gradient.gradientForVariable().put(B, biasGradient);
        }
        gradient.gradientForVariable().put(W, weightGradient);
        forwardInput = null;
        epsilonCopy = eps;
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(epsilonBelow));
    }

    /**
     * z = x · W + b and f(z) for the current input (dropout already applied), kept for backprop when
     * {@code training}, and written to {@code result} unless it is null (backprop recomputing them).
     */
    private void forward(PointwiseActivation activation, INDArray result, boolean training) {
        int n = Math.toIntExact(input.size(0));
        int nIn = Math.toIntExact(layerConf().getNIn());
        int nOut = Math.toIntExact(layerConf().getNOut());
        INDArray in = HostFloats.dense(input);
        FloatBuffer x = HostFloats.buffer(in);
        FloatBuffer wt = HostFloats.transposedBuffer(getParam(W));
        float[] bias = hasBias() ? HostFloats.read(getParam(B), null) : new float[nOut];
        FloatBuffer z = productMemory.ensure(n * nOut);
        float[] activations = HostFloats.reuse(out, n * nOut);
        ImageParallel.forEachPart(n, ImageParallel.parts(n), (worker, part, from, to) -> {
            Sgemm.multiply(false, true, to - from, nOut, nIn, x.slice(from * nIn, (to - from) * nIn), nIn, wt, nIn,
                    0f, z.slice(from * nOut, (to - from) * nOut), nOut);
            z.get(from * nOut, activations, from * nOut, (to - from) * nOut);
            for (int image = from; image < to; image++) {
                int row = image * nOut;
                for (int unit = 0; unit < nOut; unit++) {
                    activations[row + unit] += bias[unit];
                }
                activation.apply(activations, row, row + nOut);
            }
            if (result != null) {
                HostFloats.writeRange(activations, result, from * nOut, (to - from) * nOut);
            }
        });
        Reference.reachabilityFence(in); // its memory was read through a raw buffer
        out = activations;
        forwardInput = training ? input : null;
    }

    /** Whether the last forward pass was a training pass of the fast code (for tests). */
    boolean holdsTrainingPass() {
        return forwardInput != null;
    }

    /** The activation when the fast path covers this layer and its input; empty means DL4J's code. */
    private Optional<PointwiseActivation> fastActivation() {
        boolean covered = CpuBackend.active()
                && dataType == DataType.FLOAT
                && input != null && input.rank() == 2 && input.dataType() == DataType.FLOAT
                && input.size(1) == layerConf().getNIn()
                && !hasLayerNorm()
                && maskArray == null
                && layerConf().getWeightNoise() == null
                // DL4J keeps W as [nIn, nOut] in 'f' order: its transpose is [nOut, nIn] row-major, what
                // OpenBLAS reads.
                && HostFloats.isDenseColumnMajor(getParam(W));
        return covered ? PointwiseActivation.of(layerConf().getActivationFn()) : Optional.empty();
    }
}
