package io.sparkcnn.layers.runtime;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;

import io.sparkcnn.layers.cpu.CpuBackend;
import io.sparkcnn.layers.cpu.HostFloats;
import io.sparkcnn.layers.cpu.NativeFloats;
import io.sparkcnn.layers.cpu.Sgemm;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A softmax output layer with cross-entropy loss whose training step (scores, softmax, gradient, loss) is one pass in
 * Java with its three small products in OpenBLAS. DL4J's layer spends a replica's main thread on a few dozen native
 * operations for a 64x10 output, each costing more to launch than to run, and computes the products again for the
 * loss: ~7 % of a seed-CNN replica's time (async-profiler), serially. The loss of the pass is kept for the network's
 * score, which DL4J asks for right after backprop. Inference (a softmax of the products) is the same pass without the
 * loss. Same parameters and results as DL4J's layer, which does everything else (other losses or activations, masks,
 * class weights).
 */
public class FastOutput extends OutputLayer {
    private static final long serialVersionUID = 1L;
    private static final String W = DefaultParamInitializer.WEIGHT_KEY;
    private static final String B = DefaultParamInitializer.BIAS_KEY;
    /** DL4J's clipping of probabilities before the logarithm of the loss (LossMCXENT's default). */
    private static final double CLIP = 1e-10;

    private final NativeFloats scoreMemory = new NativeFloats();
    private final NativeFloats deltaMemory = new NativeFloats();
    private float[] delta;
    /**
     * The loss of the last fast backprop (before regularisation) and the input and labels it is for; used once, by
     * the score DL4J computes right after backprop, and forgotten when the input, labels or layer change, so
     * parameters updated since cannot make it stale.
     */
    private double lastLoss;
    private INDArray lossInput;
    private INDArray lossLabels;
    private long inferences;

    public FastOutput(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        forgetLoss();
        if (!covered()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        applyDropOutIfNecessary(true, workspaceMgr);
        int n = Math.toIntExact(input.size(0));
        int nIn = Math.toIntExact(layerConf().getNIn());
        int classes = Math.toIntExact(layerConf().getNOut());
        INDArray in = HostFloats.dense(input);
        FloatBuffer x = HostFloats.buffer(in);
        // DL4J keeps W (and its gradient) as [nIn, classes] in 'f' order: [classes, nIn] row-major, as
        // OpenBLAS reads it.
        FloatBuffer wt = HostFloats.transposedBuffer(getParam(W));
        float[] bias = hasBias() ? HostFloats.read(getParam(B), null) : new float[classes];
        float[] y = HostFloats.read(labels, null);

        // z = x · W + b, then softmax and the loss row by row; delta = softmax - labels, the loss's gradient by z.
        FloatBuffer z = scoreMemory.ensure(n * classes);
        Sgemm.multiply(false, true, n, classes, nIn, x, nIn, wt, nIn, 0f, z, classes);
        float[] d = HostFloats.reuse(delta, n * classes);
        z.get(0, d, 0, n * classes);
        double loss = 0;
        float[] biasGradient = new float[classes];
        softmaxRows(d, bias, n, classes);
        for (int row = 0; row < n * classes; row += classes) {
            for (int c = 0; c < classes; c++) {
                float p = d[row + c];
                float label = y[row + c];
                if (label != 0f) {
                    loss -= label * Math.log(Math.min(Math.max(p, CLIP), 1 - CLIP));
                }
                d[row + c] = p - label;
                biasGradient[c] += d[row + c];
            }
        }
        FloatBuffer dz = deltaMemory.ensure(n * classes);
        dz.put(0, d, 0, n * classes);

        INDArray weightGradient = gradientViews.get(W);
        Sgemm.multiply(true, false, classes, nIn, n, dz, classes, x, nIn, 0f,
                HostFloats.transposedBuffer(weightGradient), nIn);
        INDArray epsilonBelow = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {n, nIn}, 'c');
        Sgemm.multiply(false, false, n, nIn, classes, dz, classes, wt, nIn, 0f, HostFloats.buffer(epsilonBelow), nIn);
        Reference.reachabilityFence(in); // its memory was read through a raw buffer

        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(W, weightGradient);
        if (hasBias()) {
            INDArray biasGradientView = gradientViews.get(B);
            HostFloats.write(biasGradient, biasGradientView);
            gradient.gradientForVariable().put(B, biasGradientView);
        }
        delta = d;
        lastLoss = loss;
        lossInput = input;
        lossLabels = labels;
        return new Pair<>(gradient, backpropDropOutIfPresent(epsilonBelow));
    }

    /**
     * Inference (evaluation, prediction): the probabilities computed in Java as the training step computes them.
     * DL4J's softmax is a native operation whose launch costs more than a 64x10 softmax: ~16 % of the distributed
     * evaluation's time (JFR, BENCHMARKS.md). Training-mode calls (dropout) stay DL4J's.
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (training || !coveredForInference()) {
            return super.activate(training, workspaceMgr);
        }
        int n = Math.toIntExact(input.size(0));
        int nIn = Math.toIntExact(layerConf().getNIn());
        int classes = Math.toIntExact(layerConf().getNOut());
        INDArray in = HostFloats.dense(input);
        FloatBuffer z = scoreMemory.ensure(n * classes);
        Sgemm.multiply(false, true, n, classes, nIn, HostFloats.buffer(in), nIn,
                HostFloats.transposedBuffer(getParam(W)), nIn, 0f, z, classes);
        Reference.reachabilityFence(in); // its memory was read through a raw buffer
        float[] p = new float[n * classes];
        z.get(0, p, 0, n * classes);
        softmaxRows(p, hasBias() ? HostFloats.read(getParam(B), null) : new float[classes], n, classes);
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {n, classes}, 'c');
        HostFloats.write(p, result);
        inferences++;
        return result;
    }

    /** Rows of scores {@code d} (plus {@code bias}) into probabilities, in place: softmax, shifted by the row's max. */
    private static void softmaxRows(float[] d, float[] bias, int n, int classes) {
        for (int row = 0; row < n * classes; row += classes) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                d[row + c] += bias[c];
                max = Math.max(max, d[row + c]);
            }
            float sum = 0f;
            for (int c = 0; c < classes; c++) {
                float e = (float) Math.exp(d[row + c] - max);
                d[row + c] = e;
                sum += e;
            }
            for (int c = 0; c < classes; c++) {
                d[row + c] = d[row + c] / sum;
            }
        }
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        boolean forLastBackprop = training && lossInput != null && lossInput == input && lossLabels == labels;
        forgetLoss();
        if (!forLastBackprop) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }
        double average = conf().isMiniBatch() ? lastLoss / input.size(0) : lastLoss;
        score = average + fullNetRegTerm;
        return score;
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        forgetLoss();
        super.setInput(input, workspaceMgr);
    }

    @Override
    public void setLabels(INDArray labels) {
        forgetLoss();
        super.setLabels(labels);
    }

    @Override
    public void clear() {
        forgetLoss();
        super.clear();
    }

    private void forgetLoss() {
        lossInput = null;
        lossLabels = null;
    }

    /** Whether the last backprop took the fast path and its loss awaits the score (for tests). */
    boolean holdsLoss() {
        return lossInput != null;
    }

    /** How many inferences took the fast path (for tests). */
    long fastInferences() {
        return inferences;
    }

    /** Softmax of float rows without a mask: what the fast inference does. */
    private boolean coveredForInference() {
        org.deeplearning4j.nn.conf.layers.OutputLayer c = layerConf();
        return CpuBackend.active()
                && dataType == DataType.FLOAT
                && input != null && input.rank() == 2 && input.dataType() == DataType.FLOAT
                && input.size(1) == c.getNIn()
                && maskArray == null
                && c.getActivationFn() instanceof ActivationSoftmax
                && c.getWeightNoise() == null
                && HostFloats.isDenseColumnMajor(getParam(W));
    }

    /** Softmax with plain cross-entropy on float rows, without masks or class weights: what the fast path does. */
    private boolean covered() {
        org.deeplearning4j.nn.conf.layers.OutputLayer c = layerConf();
        return coveredForInference()
                && labels != null && labels.dataType() == DataType.FLOAT && labels.rank() == 2
                && labels.size(0) == input.size(0) && labels.size(1) == c.getNOut()
                && c.getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null
                && loss.getSoftmaxClipEps() == CLIP
                && HostFloats.isDenseColumnMajor(gradientViews.get(W));
    }
}
