package io.sparkcnn.layers.runtime;

import java.util.Arrays;

import io.sparkcnn.layers.cpu.CpuBackend;
import io.sparkcnn.layers.cpu.HostFloats;
import io.sparkcnn.layers.cpu.ImageParallel;
import io.sparkcnn.layers.kernels.ChannelNormalization;
import io.sparkcnn.layers.kernels.ChannelPlanes;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation of convolution activations (NCHW, float) in two passes over a dense copy: one for each
 * channel's mean and variance, one to normalise, scale and shift. Backprop uses the normalised input kept from the
 * forward pass and the closed form dx = gamma / std * (dy - mean(dy) - xhat * mean(dy * xhat)), again two passes
 * (the passes' loops: {@link ChannelNormalization}). DL4J's own layer makes a dozen whole-array ND4J operations of
 * each pass (most of a {@code cnn-bn} replica's time).
 *
 * <p>The running mean and variance are handled exactly as DL4J does, so models, parameter averaging and saved files
 * are unchanged: they are parameters, and backprop reports as their "gradient" the step that moves them towards the
 * minibatch's statistics ({@code (1 - decay) * (global - batch)}, or its log10-of-std form), which DL4J's updater
 * subtracts unscaled. Anything else (dense-layer input, NHWC, locked gamma and beta, another backend or data
 * type) runs DL4J's code.
 */
public class FastBatchNormalization extends BatchNormalization {
    private static final long serialVersionUID = 1L;
    private static final double ONE_ON_2LOGE_10 = 1.0 / (2 * Math.log(10.0));

    /** After a training forward pass: the normalised input, which backprop needs. */
    private float[] normalized;
    /** Scratch for the input or output gradient and the output. */
    private float[] scratch;
    /** Per channel, of the minibatch of the last training forward pass. */
    private double[] batchMean;
    private double[] batchVariance;
    private float[] inverseStd;
    private INDArray forwardInput;

    public FastBatchNormalization(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        boolean fast = covered();
        float[] handed = HandedOver.take(this, input, fast);
        if (!fast) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape(), 'c');
        boolean write = !TrainingNetwork.readOnlyAsCopy(this, true);
        INDArray destination = write ? result : null;
        float[] copy = training ? trainingForward(handed, destination) : inferenceForward(handed, destination);
        HandedOver.give(this, true, result, copy, write);
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        boolean fast = covered();
        float[] handed = HandedOver.take(this, epsilon, fast);
        if (!fast) {
            TrainingNetwork.requireInputWritten(this, forwardInput);
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        if (!Arrays.equals(epsilon.shape(), input.shape())) {
            throw new IllegalArgumentException(layerId() + ": the gradient from the layer above has shape "
                    + Arrays.toString(epsilon.shape()) + ", expected the input's " + Arrays.toString(input.shape()));
        }
        if (forwardInput != input) {
            trainingForward(null, null);
        }
        ChannelPlanes s = ChannelPlanes.of(input.shape());
        INDArray dyDense = HostFloats.dense(epsilon.castTo(DataType.FLOAT));
        float[] dy = scratch;
        float[] gradientAbove = handed != null ? handed : dy; // read only
        float[] xhat = normalized;
        int parts = ImageParallel.parts(s.n());
        double[][] sumDy = new double[parts][s.c()];
        double[][] sumDyXhat = new double[parts][s.c()];
        ImageParallel.forEachPart(s.n(), parts, (worker, part, from, to) -> {
            if (handed == null) {
                HostFloats.readRange(dyDense, dy, from * s.image(), (to - from) * s.image());
            }
            ChannelNormalization.addGradientSums(gradientAbove, xhat, s, from * s.c(), to * s.c(), sumDy[part],
                    sumDyXhat[part]);
        });
        double[] dBeta = ChannelNormalization.addParts(sumDy);
        double[] dGamma = ChannelNormalization.addParts(sumDyXhat);

        float[] gamma = floats(getParam(BatchNormalizationParamInitializer.GAMMA));
        float[] scale = new float[s.c()];
        float[] meanDy = new float[s.c()];
        float[] meanDyXhat = new float[s.c()];
        double count = (double) s.n() * s.plane();
        for (int ch = 0; ch < s.c(); ch++) {
            scale[ch] = gamma[ch] * inverseStd[ch];
            meanDy[ch] = (float) (dBeta[ch] / count);
            meanDyXhat[ch] = (float) (dGamma[ch] / count);
        }
        INDArray epsilonBelow = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                input.shape(), 'c');
        boolean write = !TrainingNetwork.readOnlyAsCopy(this, false);
        ImageParallel.forEach(s.n(), (from, to) -> {
            ChannelNormalization.inputGradient(gradientAbove, xhat, s, scale, meanDy, meanDyXhat, dy, from * s.c(),
                    to * s.c());
            if (write) {
                HostFloats.writeRange(dy, epsilonBelow, from * s.image(), (to - from) * s.image());
            }
        });
        forwardInput = null;
        HandedOver.give(this, false, epsilonBelow, dy, write);
        return new Pair<>(gradients(dGamma, dBeta), epsilonBelow);
    }

    /** Whether this class's own training pass ran last and its results are kept for backprop (not DL4J's code). */
    boolean holdsTrainingPass() {
        return forwardInput != null;
    }

    /** DL4J's layer casts; this one covers float networks, where the cast is a no-op. */
    private boolean covered() {
        return CpuBackend.active()
                && dataType == DataType.FLOAT
                && input != null && input.rank() == 4 && input.dataType() == DataType.FLOAT
                && input.size(1) == layerConf().getNOut()
                && input.length() <= Integer.MAX_VALUE
                && layerConf().getCnn2DFormat() == CNN2DFormat.NCHW
                && !layerConf().isLockGammaBeta();
    }

    /**
     * Normalises with the minibatch's statistics, keeping them and the normalised input for backprop; the input read
     * from {@code handed}, its Java copy, unless that is null. Returns the output's Java copy.
     */
    private float[] trainingForward(float[] handed, INDArray result) {
        ChannelPlanes s = ChannelPlanes.of(input.shape());
        INDArray inputDense = HostFloats.dense(input);
        float[] x = HostFloats.reuse(normalized, s.length());
        float[] in = handed != null ? handed : x; // read only
        int parts = ImageParallel.parts(s.n());
        double[][] sums = new double[parts][s.c()];
        double[][] squares = new double[parts][s.c()];
        ImageParallel.forEachPart(s.n(), parts, (worker, part, from, to) -> {
            if (handed == null) {
                HostFloats.readRange(inputDense, x, from * s.image(), (to - from) * s.image());
            }
            ChannelNormalization.addPlaneSums(in, s, from * s.c(), to * s.c(), sums[part], squares[part]);
        });
        double count = (double) s.n() * s.plane();
        double[] mean = ChannelNormalization.addParts(sums);
        double[] variance = ChannelNormalization.addParts(squares);
        float eps = (float) layerConf().getEps();
        float[] shift = new float[s.c()];
        float[] invStd = new float[s.c()];
        for (int ch = 0; ch < s.c(); ch++) {
            mean[ch] /= count;
            variance[ch] = Math.max(0, variance[ch] / count - mean[ch] * mean[ch]); // biased, as DL4J's
            invStd[ch] = (float) (1 / Math.sqrt(variance[ch] + eps));
            shift[ch] = (float) mean[ch];
        }
        float[] gamma = floats(getParam(BatchNormalizationParamInitializer.GAMMA));
        float[] beta = floats(getParam(BatchNormalizationParamInitializer.BETA));
        float[] y = HostFloats.reuse(scratch, s.length());
        ImageParallel.forEach(s.n(), (from, to) -> {
            ChannelNormalization.normalize(in, s, shift, invStd, gamma, beta, x, y, from * s.c(), to * s.c());
            if (result != null) {
                HostFloats.writeRange(y, result, from * s.image(), (to - from) * s.image());
            }
        });
        normalized = x;
        scratch = y;
        batchMean = mean;
        batchVariance = variance;
        inverseStd = invStd;
        forwardInput = input;
        return y;
    }

    /**
     * Normalises with the running statistics, the input read from {@code handed}, its Java copy, unless that is null;
     * keeps nothing. Writes the output to {@code result} unless that is null, and returns its Java copy.
     */
    private float[] inferenceForward(float[] handed, INDArray result) {
        ChannelPlanes s = ChannelPlanes.of(input.shape());
        INDArray inputDense = HostFloats.dense(input);
        float[] mean = floats(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        double[] variance = runningVariance();
        float[] gamma = floats(getParam(BatchNormalizationParamInitializer.GAMMA));
        float[] beta = floats(getParam(BatchNormalizationParamInitializer.BETA));
        float[] scale = new float[s.c()];
        float[] offset = new float[s.c()];
        for (int ch = 0; ch < s.c(); ch++) {
            float invStd = (float) (1 / Math.sqrt(variance[ch] + layerConf().getEps()));
            scale[ch] = gamma[ch] * invStd;
            offset[ch] = beta[ch] - mean[ch] * scale[ch];
        }
        float[] x = HostFloats.reuse(scratch, s.length());
        ImageParallel.forEach(s.n(), (from, to) -> {
            float[] in = handed != null ? handed : x;
            if (handed == null) {
                HostFloats.readRange(inputDense, x, from * s.image(), (to - from) * s.image());
            }
            ChannelNormalization.scaleAndShift(in, s, scale, offset, x, from * s.c(), to * s.c());
            if (result != null) {
                HostFloats.writeRange(x, result, from * s.image(), (to - from) * s.image());
            }
        });
        scratch = x;
        forwardInput = null;
        return x;
    }

    /** The running variance, stored directly or (DL4J's default) as log10 of the standard deviation. */
    private double[] runningVariance() {
        if (layerConf().isUseLogStd()) {
            float[] log10Std = floats(getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
            double[] variance = new double[log10Std.length];
            for (int ch = 0; ch < variance.length; ch++) {
                variance[ch] = Math.pow(10, 2.0 * log10Std[ch]);
            }
            return variance;
        }
        float[] stored = floats(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
        double[] variance = new double[stored.length];
        for (int ch = 0; ch < variance.length; ch++) {
            variance[ch] = stored[ch];
        }
        return variance;
    }

    /** Gamma's and beta's gradients, and the running statistics' steps, in DL4J's gradient views and order. */
    private Gradient gradients(double[] dGamma, double[] dBeta) {
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA,
                fill(BatchNormalizationParamInitializer.GAMMA, dGamma));
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, fill(BatchNormalizationParamInitializer.BETA, dBeta));

        double decay = layerConf().getDecay();
        float[] globalMean = floats(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        double[] meanStep = new double[globalMean.length];
        for (int ch = 0; ch < meanStep.length; ch++) {
            meanStep[ch] = (globalMean[ch] - batchMean[ch]) * (1 - decay);
        }
        g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                fill(BatchNormalizationParamInitializer.GLOBAL_MEAN, meanStep));

        double[] variance = runningVariance();
        double[] varianceStep = new double[variance.length];
        boolean logStd = layerConf().isUseLogStd();
        for (int ch = 0; ch < variance.length; ch++) {
            double next = variance[ch] * decay + batchVariance[ch] * (1 - decay);
            // log10(std[t]) - log10(std[t+1]), or var[t] - var[t+1]
            varianceStep[ch] = logStd ? Math.log(variance[ch] / next) * ONE_ON_2LOGE_10 : variance[ch] - next;
        }
        String name = logStd ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                : BatchNormalizationParamInitializer.GLOBAL_VAR;
        g.setGradientFor(name, fill(name, varianceStep));
        return g;
    }

    /** The gradient view of {@code param}, filled with {@code values}. */
    private INDArray fill(String param, double[] values) {
        INDArray view = gradientViews.get(param);
        view.assign(Nd4j.createFromArray(values).castTo(view.dataType()).reshape(view.shape()));
        return view;
    }

    private static float[] floats(INDArray perChannel) {
        return perChannel.castTo(DataType.FLOAT).toFloatVector();
    }
}
