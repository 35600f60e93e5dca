package io.sparkcnn.layers.runtime;

import java.nio.FloatBuffer;
import java.util.Arrays;

import io.sparkcnn.layers.cpu.ImageParallel;
import io.sparkcnn.layers.cpu.NativeFloats;
import io.sparkcnn.layers.kernels.ConvGeometry;
import io.sparkcnn.layers.kernels.ConvolutionByTaps;
import io.sparkcnn.layers.kernels.Im2col;
import io.sparkcnn.layers.kernels.ImageChunk;

/**
 * The memory a {@link FastConvolution} keeps between minibatches: the weights in off-heap memory for the GEMMs, each
 * worker's GEMM operands and Java rows, and each chunk's weight-gradient sum.
 */
final class ConvolutionBuffers {
    private final NativeFloats weightMemory = new NativeFloats();
    private Scratch[] scratch;
    private NativeFloats[] chunkGradients = new NativeFloats[0];

    /**
     * {@code now}, the current weights (or the taps' matrices made of them, {@link ConvolutionByTaps}), in off-heap
     * memory: one copy per pass, shared by the workers (read only).
     */
    FloatBuffer weights(float[] now) {
        FloatBuffer w = weightMemory.ensure(now.length);
        w.put(0, now, 0, now.length);
        return w;
    }

    /** Each worker's buffers, sized for the largest chunk of {@code g}. */
    Scratch[] scratch(ConvGeometry g, int filters) {
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
    NativeFloats[] chunkGradients(int chunks) {
        chunkGradients = NativeFloats.atLeast(chunkGradients, chunks);
        return chunkGradients;
    }

    /** One worker's off-heap GEMM operands and Java rows, sized for one chunk. */
    static final class Scratch {
        private final NativeFloats matrixMemory = new NativeFloats();
        private final NativeFloats productMemory = new NativeFloats();
        FloatBuffer matrix;
        FloatBuffer product;
        /** The operands and product of the products tap by tap. */
        final ConvolutionByTaps taps = new ConvolutionByTaps();
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
}
