package io.sparkcnn.layers.runtime;

import java.util.Arrays;

import io.sparkcnn.layers.cpu.CpuBackend;
import io.sparkcnn.layers.cpu.HostFloats;
import io.sparkcnn.layers.cpu.ImageParallel;
import io.sparkcnn.layers.kernels.ConvGeometry;
import io.sparkcnn.layers.kernels.PoolingWindows;
import io.sparkcnn.layers.kernels.SparseGradient;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max and average pooling without padding, in Java loops over dense copies ({@link PoolingWindows}). Max pooling
 * remembers each window's winner in the forward pass, so backprop is a scatter (DL4J searches the window again).
 * Anything else (padding, "same" mode, p-norm, another backend or data type) uses DL4J's code.
 */
public class FastPooling extends SubsamplingLayer {
    private static final long serialVersionUID = 1L;
    private float[] x;
    private float[] out;
    /** For max pooling: the input index of each output's maximum. */
    private int[] winner;
    private ConvGeometry geometry;
    private INDArray forwardInput;

    public FastPooling(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        boolean fast = covered();
        // The convolution below may have pooled its output already (PooledConvolution), else may hand a copy over.
        PooledOutput pooled = fast ? HandedOver.takePooled(this, input) : null;
        float[] handed = pooled == null ? HandedOver.take(this, input, fast) : null;
        if (!fast) {
            return super.activate(training, workspaceMgr);
        }
        ConvGeometry g = geometry();
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {g.n(), g.c(), g.oh(), g.ow()}, 'c');
        boolean write = !TrainingNetwork.readOnlyAsCopy(this, true);
        HandedOver.give(this, true, result, forward(handed, pooled, write ? result : null, training), write);
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        boolean fast = covered() && matchesOutput(epsilon);
        float[] handed = HandedOver.take(this, epsilon, fast);
        if (!fast) {
            TrainingNetwork.requireInputWritten(this, forwardInput);
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (forwardInput != input) {
            forward(null, null, null, true);
        }
        ConvGeometry g = geometry;
        INDArray epsDense = HostFloats.dense(epsilon);
        // The pooled activations are not needed any more: their array takes the gradient unless it was handed over.
        float[] eps = handed != null ? handed : out;
        // The input's own copy is not needed either (the winners are known); one handed over is not ours to write.
        float[] dx = HostFloats.reuse(x, g.inputLength());
        int planeIn = g.h() * g.w(), p = g.p();
        boolean max = layerConf().getPoolingType() == PoolingType.MAX;
        INDArray epsilonBelow = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {g.n(), g.c(), g.h(), g.w()}, 'c');
        boolean write = !TrainingNetwork.readOnlyAsCopy(this, false);
        // Max pooling's gradient is its own gradient at the winners, zero elsewhere: given so to a layer below that
        // reads it so (a convolution), nothing else is computed here.
        boolean sparse = max && !write && TrainingNetwork.gradientReadSparse(this);
        // A sparse gradient whose values came handed over needs nothing more here.
        if (!sparse || handed == null) {
            ImageParallel.forEach(g.n(), (from, to) -> {
                if (handed == null) {
                    HostFloats.readRange(epsDense, eps, from * g.c() * p, (to - from) * g.c() * p);
                }
                if (sparse) {
                    return;
                }
                PoolingWindows.unpool(eps, winner, g, max, dx, from * g.c(), to * g.c());
                if (write) {
                    HostFloats.writeRange(dx, epsilonBelow, from * g.c() * planeIn, (to - from) * g.c() * planeIn);
                }
            });
        }
        x = dx;
        if (sparse) {
            boolean distinct = g.sy() >= g.kh() && g.sx() >= g.kw();
            HandedOver.giveSparse(this, epsilonBelow, new SparseGradient(eps, winner, p, planeIn, distinct), dx);
        } else {
            HandedOver.give(this, false, epsilonBelow, dx, write);
        }
        forwardInput = null;
        return new Pair<>(new DefaultGradient(), epsilonBelow);
    }

    private ConvGeometry geometry() {
        return ConvGeometry.of(input.shape(), layerConf().getKernelSize(), layerConf().getStride(),
                layerConf().getPadding());
    }

    /** Whether {@code epsilon} is what backprop expects: float, shaped like this layer's output. */
    private boolean matchesOutput(INDArray epsilon) {
        ConvGeometry g = geometry();
        return epsilon.dataType() == DataType.FLOAT
                && Arrays.equals(epsilon.shape(), new long[] {g.n(), g.c(), g.oh(), g.ow()});
    }

    /**
     * Pools the current input (read from {@code handed}, its Java copy, unless null; or takes {@code pooled}, the
     * convolution below's own pooling of it, unless null: copied when training, as backprop reuses its own arrays),
     * keeping what backprop needs when training; also writes the result unless null. Returns the pooled values.
     */
    private float[] forward(float[] handed, PooledOutput pooled, INDArray result, boolean training) {
        ConvGeometry g = geometry();
        int outputs = g.n() * g.c() * g.p();
        if (pooled != null && pooled.winners() == null) { // an inference pass: nothing to keep
            if (result != null) {
                ImageParallel.forEach(g.n(), (from, to) -> HostFloats.writeRange(pooled.values(), result,
                        from * g.c() * g.p(), (to - from) * g.c() * g.p()));
            }
            forwardInput = null;
            return pooled.values();
        }
        INDArray inputDense = pooled == null ? HostFloats.dense(input) : null;
        float[] in = handed != null || pooled != null ? handed : HostFloats.reuse(x, g.inputLength());
        float[] values = HostFloats.reuse(out, outputs);
        int[] argmax = winner != null && winner.length == outputs ? winner : new int[outputs];
        boolean max = layerConf().getPoolingType() == PoolingType.MAX;
        int planeIn = g.h() * g.w(), p = g.p();
        ImageParallel.forEach(g.n(), (from, to) -> {
            int at = from * g.c() * p, length = (to - from) * g.c() * p;
            if (pooled != null) {
                System.arraycopy(pooled.values(), at, values, at, length);
                System.arraycopy(pooled.winners(), at, argmax, at, length);
            } else {
                if (handed == null) {
                    HostFloats.readRange(inputDense, in, from * g.c() * planeIn, (to - from) * g.c() * planeIn);
                }
                PoolingWindows.pool(in, g, max, values, argmax, from * g.c(), to * g.c());
            }
            if (result != null) {
                HostFloats.writeRange(values, result, at, length);
            }
        });
        if (handed == null && pooled == null) {
            x = in;
        }
        out = values;
        winner = argmax;
        geometry = g;
        forwardInput = training ? input : null;
        return values;
    }

    /**
     * Whether this layer, by its configuration, is 2x2 max pooling with stride 2 on its fast path: the pooling a
     * convolution below may do itself ({@link PooledConvolution}) and hand over pooled.
     */
    boolean poolsTwoByTwoMax() {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return CpuBackend.active()
                && dataType == DataType.FLOAT
                && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && c.getConvolutionMode() == ConvolutionMode.Truncate
                && c.getPoolingType() == PoolingType.MAX
                && Arrays.equals(c.getKernelSize(), new int[] {2, 2})
                && Arrays.equals(c.getStride(), new int[] {2, 2})
                && Arrays.stream(c.getPadding()).allMatch(v -> v == 0)
                && Arrays.stream(c.getDilation()).allMatch(d -> d == 1);
    }

    private boolean covered() {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return CpuBackend.active()
                && dataType == DataType.FLOAT
                && input != null && input.rank() == 4 && input.dataType() == DataType.FLOAT
                && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && c.getConvolutionMode() == ConvolutionMode.Truncate
                && geometry().oh() >= 1 && geometry().ow() >= 1
                && (c.getPoolingType() == PoolingType.MAX || c.getPoolingType() == PoolingType.AVG)
                && Arrays.stream(c.getPadding()).allMatch(v -> v == 0)
                && Arrays.stream(c.getDilation()).allMatch(d -> d == 1);
    }
}
