package io.sparkcnn.layers;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution layer computed as: im2col of the whole minibatch into one dense matrix, one GEMM with the
 * weights, then bias and activation fused into the copy to NCHW. Backprop reuses the forward pass's matrix and
 * activations (DL4J recomputes both) and needs two more GEMMs, for the weight and the input gradients.
 * Same parameters, same results as DL4J's layer, which it falls back to for anything it does not cover.
 */
public class FastConvolution extends ConvolutionLayer {
    private static final String W = ConvolutionParamInitializer.WEIGHT_KEY;
    private static final String B = ConvolutionParamInitializer.BIAS_KEY;

    // Kept from the forward pass for backprop, and reused across minibatches to spare the allocation.
    private float[] x;
    private float[] out;
    private final NativeFloats weights = new NativeFloats();
    private final NativeFloats col = new NativeFloats();
    private final NativeFloats product = new NativeFloats();
    private final NativeFloats weightGradient = new NativeFloats();
    private ConvGeometry geometry;
    /** The input the kept matrix and activations belong to; backprop recomputes them for any other. */
    private INDArray forwardInput;

    public FastConvolution(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        Optional<PointwiseActivation> activation = fastActivation();
        if (activation.isEmpty()) {
            return super.activate(training, workspaceMgr);
        }
        forward(activation.get());
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {geometry.n(), layerConf().getNOut(), geometry.oh(), geometry.ow()}, 'c');
        HostFloats.write(out, result);
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Optional<PointwiseActivation> activation = fastActivation();
        if (activation.isEmpty()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (forwardInput != input) {
            forward(activation.get());
        }
        ConvGeometry g = geometry;
        int filters = Math.toIntExact(layerConf().getNOut());
        int p = g.p(), columns = g.columns();

        // dz = eps * f'(z), gathered from NCHW into the GEMM's [filter][image, position] layout.
        float[] eps = HostFloats.read(epsilon, null);
        FloatBuffer dz = product.ensure(filters * columns);
        ImageParallel.forEach(g.n(), (from, to) -> {
            float[] segment = new float[p];
            for (int n = from; n < to; n++) {
                for (int f = 0; f < filters; f++) {
                    activation.get().backprop(eps, out, (n * filters + f) * p, segment, 0, p);
                    dz.put(f * columns + n * p, segment, 0, p);
                }
            }
        });

        Gradient gradient = new DefaultGradient();
        if (layerConf().hasBias()) {
            INDArray biasGrad = gradientViews.get(B);
            HostFloats.write(rowSums(dz, filters, columns), biasGrad);
            gradient.setGradientFor(B, biasGrad);
        }
        FloatBuffer dw = weightGradient.ensure(filters * g.patch());
        FloatBuffer matrix = col.ensure(g.patch() * columns);
        Sgemm.multiply(false, true, filters, g.patch(), columns, dz, matrix, 0f, dw);
        INDArray weightGrad = gradientViews.get(W);
        HostFloats.writeFrom(dw, weightGrad);
        gradient.setGradientFor(W, weightGrad, 'c');

        // Input gradient: W^T · dz is the window matrix's gradient (written over the kept matrix), folded back.
        Sgemm.multiply(true, false, g.patch(), columns, filters, weights.ensure(filters * g.patch()), dz, 0f, matrix);
        forwardInput = null;
        float[] dx = x;
        ImageParallel.forEach(g.n(), (from, to) -> Im2col.accumulate(matrix, g, dx, from, to));
        INDArray epsilonBelow = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {g.n(), g.c(), g.h(), g.w()}, 'c');
        HostFloats.write(dx, epsilonBelow);
        weightNoiseParams.clear();
        return new Pair<>(gradient, epsilonBelow);
    }

    private void forward(PointwiseActivation activation) {
        ConvGeometry g = ConvGeometry.of(input.shape(), layerConf().getKernelSize(), layerConf().getStride(),
                layerConf().getPadding());
        int filters = Math.toIntExact(layerConf().getNOut());
        int p = g.p(), columns = g.columns();
        float[] in = HostFloats.read(input, x);
        FloatBuffer w = weights.ensure(filters * g.patch());
        HostFloats.readInto(getParam(W), w);
        FloatBuffer matrix = col.ensure(g.patch() * columns);
        ImageParallel.forEach(g.n(), (from, to) -> Im2col.expand(in, g, matrix, from, to));

        FloatBuffer z = product.ensure(filters * columns);
        Sgemm.multiply(false, false, filters, columns, g.patch(), w, matrix, 0f, z);
        float[] bias = layerConf().hasBias() ? HostFloats.read(getParam(B), null) : new float[filters];
        float[] result = ensure(out, g.n() * filters * p);
        ImageParallel.forEach(g.n(), (from, to) -> {
            for (int n = from; n < to; n++) {
                for (int f = 0; f < filters; f++) {
                    int dst = (n * filters + f) * p;
                    z.get(f * columns + n * p, result, dst, p);
                    float b = bias[f];
                    for (int i = dst; i < dst + p; i++) {
                        result[i] += b;
                    }
                    activation.apply(result, dst, dst + p);
                }
            }
        });
        x = in;
        out = result;
        geometry = g;
        forwardInput = input;
    }

    /** The fused activation when the fast path covers this layer and its input; empty means DL4J's code. */
    private Optional<PointwiseActivation> fastActivation() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        boolean covered = CpuBackend.active()
                && dataType == DataType.FLOAT
                && input != null && input.rank() == 4 && input.dataType() == DataType.FLOAT
                && input.size(1) == c.getNIn()
                && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && c.getConvolutionMode() != ConvolutionMode.Same
                && Arrays.stream(c.getDilation()).allMatch(d -> d == 1)
                && c.getIDropout() == null
                && c.getWeightNoise() == null;
        return covered ? PointwiseActivation.of(c.getActivationFn()) : Optional.empty();
    }

    private static float[] rowSums(FloatBuffer m, int rows, int cols) {
        float[] sums = new float[rows];
        float[] chunk = new float[Math.min(cols, 4096)];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int at = 0; at < cols; at += chunk.length) {
                int len = Math.min(chunk.length, cols - at);
                m.get(r * cols + at, chunk, 0, len);
                for (int i = 0; i < len; i++) {
                    s += chunk[i];
                }
            }
            sums[r] = (float) s;
        }
        return sums;
    }

    static float[] ensure(float[] buffer, int length) {
        return buffer != null && buffer.length == length ? buffer : new float[length];
    }
}
