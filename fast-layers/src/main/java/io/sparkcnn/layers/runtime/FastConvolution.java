package io.sparkcnn.layers.runtime;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.sparkcnn.layers.cpu.CpuBackend;
import io.sparkcnn.layers.cpu.HostFloats;
import io.sparkcnn.layers.cpu.ImageParallel;
import io.sparkcnn.layers.cpu.NativeFloats;
import io.sparkcnn.layers.kernels.ConvGeometry;
import io.sparkcnn.layers.kernels.ConvolutionByTaps;
import io.sparkcnn.layers.kernels.ConvolutionProducts;
import io.sparkcnn.layers.kernels.Im2col;
import io.sparkcnn.layers.kernels.ImageChunk;
import io.sparkcnn.layers.kernels.PointwiseActivation;
import io.sparkcnn.layers.kernels.SparseGradient;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution layer computed, for each cache-sized chunk of the minibatch, as: im2col into one dense matrix
 * ({@link Im2col}; "wide" for stride 1 without padding), one GEMM with the weights ({@link ConvolutionProducts}),
 * then bias and activation fused into the copy to NCHW. Backprop reuses the forward pass's activations (DL4J
 * recomputes the whole forward pass) and needs two more GEMMs per chunk, for the weight and the input gradients.
 * Same parameters, same results as DL4J's layer, which it falls back to for anything it does not cover.
 */
public class FastConvolution extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;
    private static final String W = ConvolutionParamInitializer.WEIGHT_KEY;
    private static final String B = ConvolutionParamInitializer.BIAS_KEY;

    // Kept from the forward pass for backprop, and reused across minibatches to spare the allocation.
    /** The input in a Java array (compact layout only; the wide layout copies from the input's own memory). */
    private float[] x;
    private float[] out;
    private float[] epsilonCopy;
    private float[] inputGradient;
    private final ConvolutionBuffers buffers = new ConvolutionBuffers();
    final PooledConvolution pooledPass = new PooledConvolution();
    private ConvGeometry geometry;
    /** The input the kept matrix and activations belong to; backprop recomputes them for any other. */
    private INDArray forwardInput;

    public FastConvolution(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        // A copy handed over is not used: the wide layout reads the input's own memory, and the compact one keeps its
        // copy for backprop, which one handed over (the giver's to reuse) would not stay.
        HandedOver.take(this, input, false);
        Optional<PointwiseActivation> activation = fastActivation();
        if (activation.isEmpty()) {
            return super.activate(training, workspaceMgr);
        }
        ConvGeometry g = geometry();
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {g.n(), layerConf().getNOut(), g.oh(), g.ow()}, 'c');
        // Pooled at once in a training step (winners kept for backprop) or an inference pass (nothing kept).
        boolean inferring = TrainingNetwork.inferring();
        if ((training || inferring) && PooledConvolution.applies(this, g, activation.get())) {
            HandedOver.givePooled(this, result, pooledPass.forward(input, g, Math.toIntExact(layerConf().getNOut()),
                    activation.get(), HostFloats.read(getParam(W), null), bias(), !inferring));
            return result;
        }
        boolean write = !TrainingNetwork.readOnlyAsCopy(this, true);
        forward(activation.get(), write ? result : null, training);
        HandedOver.give(this, true, result, out, write);
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Optional<PointwiseActivation> activation = fastActivation();
        boolean fast = activation.isPresent() && matchesOutput(epsilon);
        // The gradient from above: max pooling's in sparse form, else a neighbour's Java copy, else ND4J's array.
        SparseGradient sparse = fast ? HandedOver.takeSparse(this, epsilon) : null;
        float[] handed = sparse == null ? HandedOver.take(this, epsilon, fast) : null;
        if (!fast) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (sparse != null && pooledPass.holds(input)) {
            weightNoiseParams.clear();
            return pooledPass.backprop(sparse, geometry(), Math.toIntExact(layerConf().getNOut()), activation.get(),
                    gradientViews, layerConf().hasBias(), workspaceMgr);
        }
        if (forwardInput != input) {
            forward(activation.get(), null, true);
        }
        ConvGeometry g = geometry;
        int filters = Math.toIntExact(layerConf().getNOut());
        int p = g.p(), patch = g.patch(), span = g.columnsPerImage();
        float[] in = x;
        // The input itself when dense (DL4J keeps it through backprop); otherwise a fresh dense copy: one made in
        // the forward pass lived in DL4J's per-layer working memory, since reused by the layers above.
        INDArray inputDense = g.wide() ? HostFloats.dense(input) : null;
        FloatBuffer inputMemory = g.wide() ? HostFloats.buffer(inputDense) : null;
        INDArray epsDense = HostFloats.dense(epsilon);
        float[] eps = sparse != null ? null
                : handed != null ? handed : HostFloats.reuse(epsilonCopy, g.n() * filters * p);
        float[] dx = HostFloats.reuse(inputGradient, g.inputLength());
        // The network's first layer in a training step: DL4J throws the input gradient away, so it is left unwritten.
        boolean inputGradientWanted = !TrainingNetwork.inputGradientDiscarded(this);
        boolean write = inputGradientWanted && !TrainingNetwork.readOnlyAsCopy(this, false);
        INDArray epsilonBelow = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {g.n(), g.c(), g.h(), g.w()}, 'c');
        int perImageIn = g.inputPerImage();
        // The input gradient: tap by tap from dz where that covers the layer (no col2im), else W^T · dz and col2im.
        boolean byTaps = ConvolutionByTaps.covers(g, filters);
        float[] weightValues = inputGradientWanted ? HostFloats.read(getParam(W), null) : null;
        FloatBuffer w = !inputGradientWanted ? null
                : buffers.weights(byTaps ? ConvolutionByTaps.gradientWeights(weightValues, filters, g)
                        : weightValues);
        ConvolutionBuffers.Scratch[] scratch = buffers.scratch(g, filters);
        List<ImageChunk> chunks = ImageChunk.split(g, filters, scratch.length);
        int chunkImages = chunks.get(0).images();
        NativeFloats[] chunkGradients = buffers.chunkGradients(chunks.size());
        int[] column = sparse != null ? Im2col.outputColumns(g) : null;

        // Each chunk: the window matrix again (cheaper in cache than keeping the whole minibatch's) with a row of
        // ones below it, dz = eps * f'(z) in the GEMM's [filter][image, position] layout, the chunk's
        // (dW | db)^T = matrix · dz^T (the row of ones sums dz into the bias gradient), then the matrix's own
        // gradient W^T · dz, folded back onto the chunk's images.
        ImageParallel.run(scratch.length, chunks.size(), (worker, task) -> {
            ImageChunk chunk = chunks.get(task);
            ConvolutionBuffers.Scratch s = scratch[worker];
            FloatBuffer matrix = s.matrix, dz = s.product;
            FloatBuffer dwT = chunkGradients[task].ensure((patch + 1) * filters); // [patch + 1][filter]
            float[] segment = s.segment, pooledGradient = s.pooledGradient, run = s.gradientRun;
            int first = chunk.first(), images = chunk.images();
            if (eps != null && handed == null) {
                HostFloats.readRange(epsDense, eps, first * filters * p, images * filters * p);
            }
            int columns = chunk.columns(g);
            ConvolutionProducts.windows(in, inputMemory, g, chunk, matrix);
            matrix.put(patch * columns, s.ones, 0, columns);
            for (int n = first; n < chunk.end(); n++) {
                for (int f = 0; f < filters; f++) {
                    int at = f * columns + (n - first) * span;
                    if (sparse != null && sparse.distinct()) {
                        // Straight into the image's run of dz: zeros, and the winners' gradients.
                        sparse.atDistinctWinners(n * filters + f, p, activation.get(), out, column, run);
                        dz.put(at, run, 0, span);
                        continue;
                    }
                    if (sparse != null) {
                        sparse.atWinners(n * filters + f, activation.get(), out, pooledGradient, segment);
                    } else {
                        activation.get().backprop(eps, out, (n * filters + f) * p, segment, 0, p);
                    }
                    Im2col.writeOutputs(segment, 0, g, dz, at, run);
                }
            }
            ConvolutionProducts.weightGradientProduct(g, chunk, filters, matrix, dz, dwT);
            if (inputGradientWanted && byTaps) {
                s.taps.inputGradient(g, chunk, chunkImages, filters, w, dz, dx);
            } else if (inputGradientWanted) {
                ConvolutionProducts.windowGradients(g, chunk, filters, w, dz, matrix);
                Im2col.accumulate(matrix, g, chunk, dx, first, chunk.end());
            }
            if (write) {
                HostFloats.writeRange(dx, epsilonBelow, first * perImageIn, images * perImageIn);
            }
        });
        Reference.reachabilityFence(inputDense); // its memory was read through a raw buffer

        // The chunks' transposed sums, added in chunk order into DL4J's [filter][patch] layout and the bias.
        float[] dw = new float[filters * patch];
        float[] biasSums = new float[filters];
        ConvolutionProducts.addChunkGradients(chunkGradients, chunks.size(), patch, filters, dw, biasSums);
        Gradient gradient = ConvolutionGradients.of(gradientViews, layerConf().hasBias(), dw, biasSums);
        forwardInput = null;
        if (eps != null && handed == null) {
            epsilonCopy = eps;
        }
        inputGradient = dx;
        if (inputGradientWanted) {
            HandedOver.give(this, false, epsilonBelow, dx, write);
        }
        weightNoiseParams.clear();
        return new Pair<>(gradient, epsilonBelow);
    }

    private float[] bias() {
        return layerConf().hasBias() ? HostFloats.read(getParam(B), null) : new float[(int) layerConf().getNOut()];
    }

    private ConvGeometry geometry() {
        return ConvGeometry.of(input.shape(), layerConf().getKernelSize(), layerConf().getStride(),
                layerConf().getPadding());
    }

    /** Whether {@code epsilon} is what backprop expects: float, shaped like this layer's output. */
    private boolean matchesOutput(INDArray epsilon) {
        ConvGeometry g = geometry();
        return epsilon.dataType() == DataType.FLOAT
                && Arrays.equals(epsilon.shape(), new long[] {g.n(), layerConf().getNOut(), g.oh(), g.ow()});
    }

    /**
     * Computes the activations of the current input, kept for backprop when {@code training}; also writes them to
     * {@code result} unless it is null (backprop recomputing them, or nothing but the next layer reading them, from
     * the Java copy). Each chunk's task copies its own images in and out.
     */
    private void forward(PointwiseActivation activation, INDArray result, boolean training) {
        ConvGeometry g = geometry();
        int filters = Math.toIntExact(layerConf().getNOut());
        int p = g.p(), patch = g.patch(), span = g.columnsPerImage();
        INDArray inputDense = HostFloats.dense(input);
        FloatBuffer inputMemory = g.wide() ? HostFloats.buffer(inputDense) : null;
        float[] in = g.wide() ? null : HostFloats.reuse(x, g.inputLength());
        int perImageIn = g.inputPerImage(), perImageOut = filters * p;
        boolean byTaps = ConvolutionByTaps.covers(g, filters);
        float[] weightValues = HostFloats.read(getParam(W), null);
        FloatBuffer w = buffers.weights(
                byTaps ? ConvolutionByTaps.forwardWeights(weightValues, filters, g) : weightValues);
        float[] bias = bias();
        float[] activations = HostFloats.reuse(out, g.n() * filters * p);
        ConvolutionBuffers.Scratch[] scratch = buffers.scratch(g, filters);
        List<ImageChunk> chunks = ImageChunk.split(g, filters, scratch.length);
        int chunkImages = chunks.get(0).images();

        ImageParallel.run(scratch.length, chunks.size(), (worker, task) -> {
            ImageChunk chunk = chunks.get(task);
            ConvolutionBuffers.Scratch s = scratch[worker];
            int first = chunk.first(), images = chunk.images();
            if (in != null) {
                HostFloats.readRange(inputDense, in, first * perImageIn, images * perImageIn);
            }
            // Tap by tap each image has a whole input plane of columns (pitch w), else its wide or compact run.
            FloatBuffer z = s.product;
            int perImage = span, columns = chunk.columns(g);
            if (byTaps) {
                z = s.taps.responses(g, chunk, chunkImages, filters, w, inputMemory);
                perImage = g.h() * g.w();
                columns = images * perImage;
            } else {
                ConvolutionProducts.windows(in, inputMemory, g, chunk, s.matrix);
                ConvolutionProducts.filterResponses(g, chunk, filters, w, s.matrix, z);
            }
            for (int n = first; n < chunk.end(); n++) {
                for (int f = 0; f < filters; f++) {
                    int dst = (n * filters + f) * p;
                    Im2col.readOutputs(z, f * columns + (n - first) * perImage, g, activations, dst, s.outputRun);
                    float b = bias[f];
                    for (int i = dst; i < dst + p; i++) {
                        activations[i] += b;
                    }
                    activation.apply(activations, dst, dst + p);
                }
            }
            if (result != null) {
                HostFloats.writeRange(activations, result, first * perImageOut, images * perImageOut);
            }
        });
        Reference.reachabilityFence(inputDense); // its memory was read through a raw buffer
        x = in;
        out = activations;
        geometry = g;
        forwardInput = training ? input : null;
    }

    /** The fused activation when the fast path covers this layer and its input; empty means DL4J's code. */
    private Optional<PointwiseActivation> fastActivation() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        boolean covered = CpuBackend.active()
                && dataType == DataType.FLOAT
                && input != null && input.rank() == 4 && input.dataType() == DataType.FLOAT
                && input.size(1) == c.getNIn()
                && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                // Truncate only: DL4J's Strict mode rejects sizes the stride does not divide, Same pads its own way.
                && c.getConvolutionMode() == ConvolutionMode.Truncate
                && geometry().oh() >= 1 && geometry().ow() >= 1
                && Arrays.stream(c.getDilation()).allMatch(d -> d == 1)
                && c.getIDropout() == null
                && c.getWeightNoise() == null;
        return covered ? PointwiseActivation.of(c.getActivationFn()) : Optional.empty();
    }
}
