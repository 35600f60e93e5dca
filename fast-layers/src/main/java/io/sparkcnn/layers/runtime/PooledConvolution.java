package io.sparkcnn.layers.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.sparkcnn.layers.cpu.BlasKernel;
import io.sparkcnn.layers.cpu.HostFloats;
import io.sparkcnn.layers.cpu.ImageParallel;
import io.sparkcnn.layers.cpu.NativeFloats;
import io.sparkcnn.layers.cpu.Sgemm;
import io.sparkcnn.layers.kernels.ConvGeometry;
import io.sparkcnn.layers.kernels.ConvolutionProducts;
import io.sparkcnn.layers.kernels.ImageChunk;
import io.sparkcnn.layers.kernels.PhaseMaxima;
import io.sparkcnn.layers.kernels.PointwiseActivation;
import io.sparkcnn.layers.kernels.PoolingPhases;
import io.sparkcnn.layers.kernels.SparseGradient;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link FastConvolution}'s forward pass when nothing but a 2x2/2 max pooling reads its output (the seed CNN's first
 * layer), in a training step where it is the network's first layer (its input gradient is thrown away), or in any
 * inference pass (no winners are kept then, nor anything else for a backprop). Per chunk
 * of images: the window matrix in phase order ({@link PoolingPhases}) with a row of ones, one product with the weights
 * and the bias, then per image and filter the activation and the pooling on the product while it is in cache. The
 * full-resolution maps (5.5 MB a minibatch for the seed CNN: written, searched for the winners, read again in
 * backprop) never reach memory, and the winner search runs in vectorised loops. The pooling layer takes the pooled
 * outputs and winners ({@link PooledOutput}, through {@link HandedOver}). Backprop starts from the pooling's
 * gradient at the winners ({@link SparseGradient}): dz is zero but there, and the weight gradient is the separate
 * path's product on the phase-ordered matrix. The pooling picks the separate layers' winners by the same rule; the
 * floats differ from theirs in the order of the additions only (the bias is added inside the product). In inference
 * each window's output is the largest of its four products, then the activation (ReLU and the maximum commute).
 */
final class PooledConvolution {
    /**
     * Input channels up to which it applies: the first layers, whose full-resolution maps are largest against their
     * arithmetic (the seed CNN's first layer: 9 multiply-adds an output). Wider layers keep the separate path.
     */
    static final int MAX_CHANNELS = 4;

    /** The input's Java copy (a buffer reused between minibatches). */
    private float[] x;
    /** The input's sub-images ({@link PoolingPhases#split}), for backprop's window matrix. */
    private float[] sub;
    private float[] pooled;
    private int[] winners;
    /** Each window's winner's column in its image's run of the product ({@link PoolingPhases#pool}). */
    private int[] lanes;
    private Worker[] workers = new Worker[0];
    private final NativeFloats weightMemory = new NativeFloats();
    private NativeFloats[] chunkGradients = new NativeFloats[0];
    /** The input the kept pooled outputs belong to; null when none are kept. */
    private INDArray forwardInput;
    /** Training forward passes made so, inference passes, and backprops (for tests: which path a layer took). */
    private int passes;
    private int inferences;
    private int backprops;

    /**
     * Whether the convolution {@code conv}, of geometry {@code g} and activation {@code activation}, can be fused with
     * its reader in the training step or inference pass running on this thread: stride 1 without padding, few input
     * channels, ReLU or identity, nothing but a fast 2x2/2 max pooling reading its output, from the copy handed over
     * (no listener, no preprocessor in between), and in a training step the network's first layer.
     */
    static boolean applies(Layer conv, ConvGeometry g, PointwiseActivation activation) {
        return g.wide() && g.c() <= MAX_CHANNELS && g.oh() >= 2 && g.ow() >= 2
                && (activation == PointwiseActivation.RELU || activation == PointwiseActivation.IDENTITY)
                && (TrainingNetwork.inputGradientDiscarded(conv) || TrainingNetwork.inferring())
                && TrainingNetwork.readOnlyAsCopy(conv, true)
                && TrainingNetwork.directReader(conv, true) instanceof FastPooling pooling
                && pooling.poolsTwoByTwoMax();
    }

    /**
     * The pooled outputs of {@code input} under weights {@code w} ([filter][patch]) and {@code bias}; in training
     * with the winners, all kept for backprop, else without (inference: nothing kept).
     */
    PooledOutput forward(INDArray input, ConvGeometry g, int filters, PointwiseActivation activation, float[] w,
                         float[] bias, boolean training) {
        PoolingPhases phases = new PoolingPhases(g);
        int patch = g.patch(), perImage = phases.columnsPerImage();
        float[] in = HostFloats.reuse(x, g.inputLength());
        float[] split = HostFloats.reuse(sub, g.n() * phases.subImagesLength());
        float[] values = HostFloats.reuse(pooled, g.n() * filters * phases.windows());
        int[] argmax = !training ? null
                : winners != null && winners.length == values.length ? winners : new int[values.length];
        int[] columnOf = !training ? null
                : lanes != null && lanes.length == values.length ? lanes : new int[values.length];
        FloatBuffer weights = weightsWithBias(w, bias, filters, patch);
        List<ImageChunk> chunks = ImageChunk.split(g, filters, ImageParallel.workers());
        Worker[] scratch = workers(phases, filters, chunks);
        INDArray inputDense = HostFloats.dense(input);
        boolean relu = activation == PointwiseActivation.RELU;
        ImageParallel.run(scratch.length, chunks.size(), (worker, task) -> {
            ImageChunk chunk = chunks.get(task);
            Worker s = scratch[worker];
            int columns = chunk.images() * perImage;
            int perImageIn = g.inputPerImage();
            HostFloats.readRange(inputDense, in, chunk.first() * perImageIn, chunk.images() * perImageIn);
            for (int n = chunk.first(); n < chunk.end(); n++) {
                phases.split(in, n, split);
                phases.windows(split, n, s.matrix, columns, (n - chunk.first()) * perImage, s.ones);
            }
            int block = ConvolutionProducts.blockColumns(filters, patch + 1, columns);
            for (int at = 0; at < columns; at += block) {
                Sgemm.multiply(false, false, filters, Math.min(block, columns - at), patch + 1, weights, patch + 1,
                        Sgemm.from(s.matrix, at), columns, 0f, Sgemm.from(s.product, at), columns);
            }
            for (int n = chunk.first(); n < chunk.end(); n++) {
                int at = (n - chunk.first()) * perImage;
                if (training) {
                    phases.pool(s.productBits, columns, at, relu, n, s.pooling, values, argmax, columnOf);
                } else {
                    PhaseMaxima.pool(phases, s.productBits, columns, at, relu, n, s.pooling, values);
                }
            }
        });
        x = in;
        sub = split;
        pooled = values;
        if (training) {
            winners = argmax;
            lanes = columnOf;
            passes++;
        } else {
            inferences++;
        }
        forwardInput = training ? input : null;
        return new PooledOutput(values, argmax);
    }

    /** Whether the pooled outputs kept are those of {@code input}. */
    boolean holds(INDArray input) {
        return forwardInput != null && forwardInput == input;
    }

    /**
     * Backprop from the pooling's gradient at the winners, {@code eps} (in the order of the pooled outputs): the
     * weight and bias gradients (into the layer's gradient {@code views}), summed per chunk and added in chunk order
     * (so the result does not depend on which thread ran which chunk), and the input gradient's array, left unwritten:
     * the training step throws it away ({@link #applies}).
     */
    Pair<Gradient, INDArray> backprop(SparseGradient eps, ConvGeometry g, int filters, PointwiseActivation activation,
                                      Map<String, INDArray> views, boolean hasBias, LayerWorkspaceMgr workspaceMgr) {
        float[] dw = new float[filters * g.patch()], db = new float[filters];
        PoolingPhases phases = new PoolingPhases(g);
        int patch = g.patch(), perImage = phases.columnsPerImage();
        List<ImageChunk> chunks = ImageChunk.split(g, filters, ImageParallel.workers());
        Worker[] scratch = workers(phases, filters, chunks);
        NativeFloats[] sums = chunkGradients(chunks.size());
        ImageParallel.run(scratch.length, chunks.size(), (worker, task) -> {
            ImageChunk chunk = chunks.get(task);
            Worker s = scratch[worker];
            int columns = chunk.images() * perImage;
            for (int n = chunk.first(); n < chunk.end(); n++) {
                int at = (n - chunk.first()) * perImage;
                phases.windows(sub, n, s.matrix, columns, at, s.ones);
                for (int f = 0; f < filters; f++) {
                    phases.gradientAtWinners(n * filters + f, activation, eps.values(), pooled, lanes, s.dz);
                    s.product.put(f * columns + at, s.dz, 0, perImage);
                }
            }
            // (dW | db)^T = matrix · dz^T, one image at a time where that is within the small-matrix kernels' size.
            FloatBuffer dwT = sums[task].ensure((patch + 1) * filters);
            boolean perImageProducts = BlasKernel.smallKernels()
                    && (long) (patch + 1) * filters * perImage <= BlasKernel.SMALL_PRODUCT;
            int step = perImageProducts ? perImage : columns;
            for (int at = 0; at < columns; at += step) {
                Sgemm.multiply(false, true, patch + 1, filters, step, Sgemm.from(s.matrix, at), columns,
                        Sgemm.from(s.product, at), columns, at == 0 ? 0f : 1f, dwT, filters);
            }
        });
        ConvolutionProducts.addChunkGradients(sums, chunks.size(), patch, filters, dw, db);
        forwardInput = null;
        backprops++;
        return new Pair<>(ConvolutionGradients.of(views, hasBias, dw, db), workspaceMgr.createUninitialized(
                ArrayType.ACTIVATION_GRAD, DataType.FLOAT, new long[] {g.n(), g.c(), g.h(), g.w()}, 'c'));
    }

    int passes() {
        return passes;
    }

    int inferences() {
        return inferences;
    }

    int backprops() {
        return backprops;
    }

    /** The weights with the bias as one more column, [filter][patch + 1], in off-heap memory for the product. */
    private FloatBuffer weightsWithBias(float[] w, float[] bias, int filters, int patch) {
        FloatBuffer memory = weightMemory.ensure(filters * (patch + 1));
        for (int f = 0; f < filters; f++) {
            memory.put(f * (patch + 1), w, f * patch, patch);
            memory.put(f * (patch + 1) + patch, bias[f]);
        }
        return memory;
    }

    private Worker[] workers(PoolingPhases phases, int filters, List<ImageChunk> chunks) {
        int count = ImageParallel.workers();
        int columns = chunks.stream().mapToInt(ImageChunk::images).max().orElse(1) * phases.columnsPerImage();
        if (workers.length != count || !workers[0].fits(phases, filters, columns)) {
            workers = new Worker[count];
            for (int i = 0; i < count; i++) {
                workers[i] = new Worker(phases, filters, columns);
            }
        }
        return workers;
    }

    private NativeFloats[] chunkGradients(int chunks) {
        chunkGradients = NativeFloats.atLeast(chunkGradients, chunks);
        return chunkGradients;
    }

    /**
     * One worker's buffers: the window matrix and the product off-heap (the product also read as the floats' bits,
     * for the pooling's integer comparisons), a plane's gradient, a row of ones.
     */
    private static final class Worker {
        final int patch;
        final int perImage;
        final int filters;
        final int columns;
        final FloatBuffer matrix;
        final FloatBuffer product;
        final IntBuffer productBits;
        final float[] dz;
        final float[] ones;
        final PoolingPhases.Scratch pooling;

        Worker(PoolingPhases phases, int filters, int columns) {
            this.patch = phases.g().patch();
            this.perImage = phases.columnsPerImage();
            this.filters = filters;
            this.columns = columns;
            matrix = ByteBuffer.allocateDirect(4 * (patch + 1) * columns).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            ByteBuffer productBytes = ByteBuffer.allocateDirect(4 * filters * columns).order(ByteOrder.nativeOrder());
            product = productBytes.asFloatBuffer();
            productBits = productBytes.asIntBuffer();
            dz = new float[phases.columnsPerImage()];
            ones = new float[phases.columnsPerImage()];
            Arrays.fill(ones, 1f);
            pooling = phases.scratch(filters);
        }

        /** Whether these buffers serve {@code phases} with {@code filters} filters and chunks of {@code columns}. */
        boolean fits(PoolingPhases other, int otherFilters, int otherColumns) {
            return patch == other.g().patch() && perImage == other.columnsPerImage()
                    && filters == otherFilters && columns >= otherColumns;
        }
    }
}
