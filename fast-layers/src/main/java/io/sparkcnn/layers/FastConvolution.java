package io.sparkcnn.layers;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
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
 * A 2-D convolution layer computed, for each cache-sized chunk of the minibatch, as: im2col into one dense matrix
 * ({@link Im2col}; "wide" for stride 1 without padding), one GEMM with the weights, then bias and activation fused into the copy to NCHW. Backprop reuses the forward
 * pass's activations (DL4J recomputes the whole forward pass) and needs two more GEMMs per chunk, for the weight
 * and the input gradients.
 * Same parameters, same results as DL4J's layer, which it falls back to for anything it does not cover.
 */
public class FastConvolution extends ConvolutionLayer {
    private static final String W = ConvolutionParamInitializer.WEIGHT_KEY;
    private static final String B = ConvolutionParamInitializer.BIAS_KEY;

    // Kept from the forward pass for backprop, and reused across minibatches to spare the allocation.
    /** The input in a Java array (compact layout only; the wide layout copies from the input's own memory). */
    private float[] x;
    private float[] out;
    private float[] epsilonCopy;
    private float[] inputGradient;
    private Scratch[] scratch;
    private final NativeFloats weightMemory = new NativeFloats();
    private NativeFloats[] chunkGradients = new NativeFloats[0];
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
        HandedOver.SparseGradient sparse = fast ? HandedOver.takeSparse(this, epsilon) : null;
        float[] handed = sparse == null ? HandedOver.take(this, epsilon, fast) : null;
        if (!fast) {
            return super.backpropGradient(epsilon, workspaceMgr);
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
        float[] eps = sparse != null ? null : handed != null ? handed : HostFloats.reuse(epsilonCopy, g.n() * filters * p);
        float[] dx = HostFloats.reuse(inputGradient, g.inputLength());
        // The network's first layer in a training step: DL4J throws the input gradient away, so it is left unwritten.
        boolean inputGradientWanted = !TrainingNetwork.inputGradientDiscarded(this);
        boolean write = inputGradientWanted && !TrainingNetwork.readOnlyAsCopy(this, false);
        INDArray epsilonBelow = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {g.n(), g.c(), g.h(), g.w()}, 'c');
        int perImageIn = g.inputPerImage();
        FloatBuffer w = weights();
        Scratch[] scratch = scratch(g, filters);
        List<ImageChunk> chunks = ImageChunk.split(g, filters, scratch.length);
        NativeFloats[] chunkGradients = chunkGradients(chunks.size());
        int[] column = sparse != null ? Im2col.outputColumns(g) : null;

        // Each chunk: the window matrix again (cheaper in cache than keeping the whole minibatch's) with a row of
        // ones below it, dz = eps * f'(z) in the GEMM's [filter][image, position] layout, the chunk's
        // (dW | db)^T = matrix · dz^T (the row of ones sums dz into the bias gradient), then the matrix's own
        // gradient W^T · dz, folded back onto the chunk's images.
        ImageParallel.run(scratch.length, chunks.size(), (worker, task) -> {
            ImageChunk chunk = chunks.get(task);
            Scratch s = scratch[worker];
            FloatBuffer matrix = s.matrix, dz = s.product;
            FloatBuffer dwT = chunkGradients[task].ensure((patch + 1) * filters); // [patch + 1][filter]
            float[] segment = s.segment, pooledGradient = s.pooledGradient, run = s.gradientRun;
            int first = chunk.first(), images = chunk.images();
            if (eps != null && handed == null) {
                HostFloats.readRange(epsDense, eps, first * filters * p, images * filters * p);
            }
            int columns = chunk.columns(g);
            windows(in, inputMemory, g, chunk, matrix);
            matrix.put(patch * columns, s.ones, 0, columns);
            for (int n = first; n < chunk.end(); n++) {
                for (int f = 0; f < filters; f++) {
                    int at = f * columns + (n - first) * span;
                    if (sparse != null && sparse.distinct()) {
                        // Straight into the image's run of dz: zeros, and the winners' gradients.
                        atDistinctWinners(sparse, n * filters + f, p, activation.get(), out, column, run);
                        dz.put(at, run, 0, span);
                        continue;
                    }
                    if (sparse != null) {
                        atWinners(sparse, n * filters + f, activation.get(), out, pooledGradient, segment);
                    } else {
                        activation.get().backprop(eps, out, (n * filters + f) * p, segment, 0, p);
                    }
                    Im2col.writeOutputs(segment, 0, g, dz, at, run);
                }
            }
            weightGradientProduct(g, chunk, filters, matrix, dz, dwT);
            if (inputGradientWanted) {
                Sgemm.multiply(true, false, patch, columns, filters, w, dz, 0f, matrix);
                Im2col.accumulate(matrix, g, chunk, dx, first, chunk.end());
                if (write) {
                    HostFloats.writeRange(dx, epsilonBelow, first * perImageIn, images * perImageIn);
                }
            }
        });
        Reference.reachabilityFence(inputDense); // its memory was read through a raw buffer

        // The chunks' transposed sums, [patch + 1][filter], added in chunk order into DL4J's [filter][patch] layout
        // and the bias.
        float[] dw = new float[filters * patch];
        float[] biasSums = new float[filters];
        float[] rows = new float[(patch + 1) * filters];
        for (int task = 0; task < chunks.size(); task++) {
            chunkGradients[task].ensure(rows.length).get(0, rows, 0, rows.length);
            for (int k = 0; k < patch; k++) {
                for (int f = 0; f < filters; f++) {
                    dw[f * patch + k] += rows[k * filters + f];
                }
            }
            for (int f = 0; f < filters; f++) {
                biasSums[f] += rows[patch * filters + f];
            }
        }
        Gradient gradient = new DefaultGradient();
        if (layerConf().hasBias()) {
            INDArray biasGrad = gradientViews.get(B);
            HostFloats.write(biasSums, biasGrad);
            gradient.setGradientFor(B, biasGrad);
        }
        INDArray weightGrad = gradientViews.get(W);
        HostFloats.write(dw, weightGrad);
        gradient.setGradientFor(W, weightGrad, 'c');
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

    /**
     * {@code dz = eps * f'(z)} on one output plane from max pooling's sparse gradient when no two windows share a
     * winner, written to {@code run} (an image's columns of the window matrix, {@code column} mapping output positions
     * to them), zero elsewhere: in its unread columns too, as {@link Im2col#writeOutputs} expects of it.
     */
    private static void atDistinctWinners(HandedOver.SparseGradient sparse, int plane, int p,
                                          PointwiseActivation activation, float[] out, int[] column, float[] run) {
        Arrays.fill(run, 0f);
        int base = plane * p;
        float[] values = sparse.values();
        int[] positions = sparse.positions();
        for (int o = sparse.firstEntry(plane), end = sparse.firstEntry(plane + 1); o < end; o++) {
            int at = positions[o] - base;
            run[column[at]] = activation.backpropAt(values[o], out[base + at]);
        }
    }

    /**
     * {@code dz = eps * f'(z)} on one output plane (all {@code segment.length} of it) from max pooling's sparse
     * gradient, zero but at the pooling windows' winners. Overlapping windows can share a winner: its gradients are
     * added up in {@code eps} first, then differentiated once, in the dense path's order of operations.
     */
    private static void atWinners(HandedOver.SparseGradient sparse, int plane, PointwiseActivation activation,
                                  float[] out, float[] eps, float[] segment) {
        Arrays.fill(segment, 0f);
        Arrays.fill(eps, 0f);
        int base = plane * segment.length;
        float[] values = sparse.values();
        int[] positions = sparse.positions();
        int first = sparse.firstEntry(plane), end = sparse.firstEntry(plane + 1);
        for (int o = first; o < end; o++) {
            eps[positions[o] - base] += values[o];
        }
        for (int o = first; o < end; o++) {
            int at = positions[o] - base;
            segment[at] = activation.backpropAt(eps[at], out[base + at]);
        }
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
        FloatBuffer w = weights();
        float[] bias = layerConf().hasBias() ? HostFloats.read(getParam(B), null) : new float[filters];
        float[] activations = HostFloats.reuse(out, g.n() * filters * p);
        Scratch[] scratch = scratch(g, filters);
        List<ImageChunk> chunks = ImageChunk.split(g, filters, scratch.length);

        ImageParallel.run(scratch.length, chunks.size(), (worker, task) -> {
            ImageChunk chunk = chunks.get(task);
            Scratch s = scratch[worker];
            FloatBuffer matrix = s.matrix, z = s.product;
            int first = chunk.first(), images = chunk.images(), columns = chunk.columns(g);
            if (in != null) {
                HostFloats.readRange(inputDense, in, first * perImageIn, images * perImageIn);
            }
            windows(in, inputMemory, g, chunk, matrix);
            filterResponses(g, chunk, filters, w, matrix, z);
            for (int n = first; n < chunk.end(); n++) {
                for (int f = 0; f < filters; f++) {
                    int dst = (n * filters + f) * p;
                    Im2col.readOutputs(z, f * columns + (n - first) * span, g, activations, dst, s.outputRun);
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

    /**
     * {@code z = W · matrix}: every filter's response at every window of the chunk. In one GEMM, or one per image when
     * an image's product is small enough for OpenBLAS's small-matrix kernels ({@link #smallProduct}).
     */
    private static void filterResponses(ConvGeometry g, ImageChunk chunk, int filters, FloatBuffer w, FloatBuffer matrix,
                                        FloatBuffer z) {
        int span = g.columnsPerImage(), columns = chunk.columns(g), patch = g.patch();
        if (!smallProduct(filters, span, patch)) {
            Sgemm.multiply(false, false, filters, columns, patch, w, matrix, 0f, z);
            return;
        }
        for (int i = 0; i < chunk.images(); i++) {
            Sgemm.multiply(false, false, filters, span, patch, w, patch, Sgemm.from(matrix, i * span), columns, 0f,
                    Sgemm.from(z, i * span), columns);
        }
    }

    /**
     * {@code dwT = matrix · dz^T}, the chunk's share, over the matrix's {@code patch + 1} rows
     * (the last one all ones, giving the bias gradient): the weight gradient, transposed, which OpenBLAS computed 1.3x
     * faster than {@code dz · matrix^T} for the seed CNN's second convolution (its first: 3.3x, with one product per
     * image); see {@link #smallProduct}.
     */
    private static void weightGradientProduct(ConvGeometry g, ImageChunk chunk, int filters, FloatBuffer matrix,
                                              FloatBuffer dz, FloatBuffer dwT) {
        int span = g.columnsPerImage(), columns = chunk.columns(g), patch = g.patch() + 1;
        if (!smallProduct(patch, filters, span)) {
            Sgemm.multiply(false, true, patch, filters, columns, matrix, columns, dz, columns, 0f, dwT, filters);
            return;
        }
        for (int i = 0; i < chunk.images(); i++) {
            Sgemm.multiply(false, true, patch, filters, span, Sgemm.from(matrix, i * span), columns,
                    Sgemm.from(dz, i * span), columns, i == 0 ? 0f : 1f, dwT, filters);
        }
    }

    /**
     * Whether an m×k by k×n product is within OpenBLAS's small-matrix bound (m·n·k ≤ 10^6, its SkylakeX kernels'),
     * where it skips packing. The seed CNN's first convolution (9-element windows) ran its products per image 2x
     * (forward) and 3.3x (weight gradient) faster than over a whole chunk (BENCHMARKS.md).
     */
    private static boolean smallProduct(int m, int n, int k) {
        return (long) m * n * k <= 1_000_000L;
    }

    /**
     * The chunk's window matrix: in the wide layout straight from the input's own memory (its runs are long enough
     * for bulk copies), otherwise from the Java copy of the input.
     */
    private static void windows(float[] in, FloatBuffer inputMemory, ConvGeometry g, ImageChunk chunk,
                                FloatBuffer matrix) {
        if (inputMemory != null) {
            Im2col.expandWide(inputMemory, g, chunk, matrix, chunk.first(), chunk.end());
        } else {
            Im2col.expand(in, g, chunk, matrix, chunk.first(), chunk.end());
        }
    }

    /** The current weights in off-heap memory, for the GEMMs: one copy per pass, shared by the workers (read only). */
    private FloatBuffer weights() {
        float[] now = HostFloats.read(getParam(W), null);
        FloatBuffer w = weightMemory.ensure(now.length);
        w.put(0, now, 0, now.length);
        return w;
    }

    /** Each worker's buffers, sized for the largest chunk of {@code g}. */
    private Scratch[] scratch(ConvGeometry g, int filters) {
        int workers = ImageParallel.workers();
        if (scratch == null || scratch.length != workers) {
            scratch = new Scratch[workers];
            for (int i = 0; i < workers; i++) {
                scratch[i] = new Scratch();
            }
        }
        for (Scratch s : scratch) {
            s.size(g, filters, workers);
        }
        return scratch;
    }

    /** One weight-gradient sum per chunk (at least {@code chunks}), added up in chunk order after the workers. */
    private NativeFloats[] chunkGradients(int chunks) {
        if (chunkGradients.length < chunks) {
            NativeFloats[] more = Arrays.copyOf(chunkGradients, chunks);
            for (int i = chunkGradients.length; i < chunks; i++) {
                more[i] = new NativeFloats();
            }
            chunkGradients = more;
        }
        return chunkGradients;
    }

    /** One worker's off-heap GEMM operands and Java rows, sized for one chunk. */
    private static final class Scratch {
        private final NativeFloats matrixMemory = new NativeFloats();
        private final NativeFloats productMemory = new NativeFloats();
        FloatBuffer matrix;
        FloatBuffer product;
        /** A row of ones, as long as a chunk's columns, for the window matrix's last row in backprop. */
        float[] ones = new float[0];
        /**
         * An image's run of GEMM columns: one read from the product, and one written to dz, which holds zeros wherever
         * no output goes ({@link Im2col#writeOutputs}).
         */
        float[] outputRun = new float[0];
        float[] gradientRun = new float[0];
        /** An output plane's gradient, and a plane's pooled gradient. */
        float[] segment = new float[0];
        float[] pooledGradient = new float[0];

        /**
         * Sizes the window matrix (with its row of ones) and the GEMM product for the largest chunk of {@code g} split
         * among {@code workers}.
         */
        void size(ConvGeometry g, int filters, int workers) {
            int columns = ImageChunk.size(g, filters, workers) * g.columnsPerImage();
            matrix = matrixMemory.ensure((g.patch() + 1) * columns);
            product = productMemory.ensure(filters * columns);
            if (ones.length < columns) {
                ones = new float[columns];
                Arrays.fill(ones, 1f);
            }
            if (outputRun.length != g.columnsPerImage()) {
                outputRun = new float[g.columnsPerImage()];
                gradientRun = new float[g.columnsPerImage()];
            }
            if (segment.length != g.p()) {
                segment = new float[g.p()];
                pooledGradient = new float[g.p()];
            }
        }
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
