package io.sparkcnn.layers.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/**
 * A convolution tap by tap ({@link ConvolutionByTaps}) against the window matrix's products the fast convolution
 * computes otherwise (im2col and {@code W · matrix}; {@code Wᵀ · dz} folded back by col2im), whichever OpenBLAS kernel
 * the tests run with, through one instance per geometry as a worker reuses it (the last chunk smaller when the
 * chunks do not divide the minibatch).
 */
class ConvolutionByTapsTest {
    private final List<FloatPointer> owners = new ArrayList<>();

    @Test
    void theSeedCnnsSecondConvolutionMatchesTheWindowMatrix() {
        assertMatchesWindowMatrix(new ConvGeometry(9, 32, 13, 13, 3, 3, 1, 1, 0, 0), 32, 4);
    }

    @Test
    void nonSquareKernelsAndImagesMatchTheWindowMatrix() {
        assertMatchesWindowMatrix(new ConvGeometry(5, 3, 7, 9, 2, 4, 1, 1, 0, 0), 6, 2);
        assertMatchesWindowMatrix(new ConvGeometry(3, 2, 6, 5, 4, 1, 1, 1, 0, 0), 5, 3);
        assertMatchesWindowMatrix(new ConvGeometry(4, 1, 5, 5, 5, 5, 1, 1, 0, 0), 2, 3); // one output per image
    }

    @Test
    void onlyWideLayersWithEnoughChannelsAndSmallMatrixKernelsGoTapByTap() {
        assertTrue(ConvolutionByTaps.covers(new ConvGeometry(2, 32, 13, 13, 3, 3, 1, 1, 0, 0), 32, true));
        assertFalse(ConvolutionByTaps.covers(new ConvGeometry(2, 32, 13, 13, 3, 3, 1, 1, 0, 0), 32, false));
        assertFalse(ConvolutionByTaps.covers(new ConvGeometry(2, 1, 28, 28, 3, 3, 1, 1, 0, 0), 32, true));
        assertFalse(ConvolutionByTaps.covers(new ConvGeometry(2, 32, 13, 13, 3, 3, 1, 1, 0, 0), 8, true));
        assertFalse(ConvolutionByTaps.covers(new ConvGeometry(2, 32, 8, 8, 3, 3, 2, 2, 0, 0), 32, true));
        assertFalse(ConvolutionByTaps.covers(new ConvGeometry(2, 32, 8, 8, 3, 3, 1, 1, 1, 1), 32, true));
    }

    @Test
    void theTapMatricesHoldTheKernelAndTheFlippedKernelTransposed() {
        ConvGeometry g = new ConvGeometry(1, 2, 4, 4, 2, 2, 1, 1, 0, 0);
        float[] w = new float[3 * 2 * 4]; // [filter][channel][ky][kx]
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        float[] forward = ConvolutionByTaps.forwardWeights(w, 3, g); // [tap][filter][channel]
        // Tap (1, 0): filter 2, channel 1 is w[(2 * 2 + 1) * 4 + 2].
        assertEquals(w[(2 * 2 + 1) * 4 + 2], forward[(2 * 3 + 2) * 2 + 1]);
        float[] gradient = ConvolutionByTaps.gradientWeights(w, 3, g); // [tap][channel][filter]
        // Tap (0, 0) reads the kernel's (1, 1): filter 2, channel 1 is w[(2 * 2 + 1) * 4 + 3].
        assertEquals(w[(2 * 2 + 1) * 4 + 3], gradient[(0 * 2 + 1) * 3 + 2]);
        // Tap (1, 0) reads (0, 1): filter 0, channel 0.
        assertEquals(w[1], gradient[(2 * 2 + 0) * 3 + 0]);
    }

    private void assertMatchesWindowMatrix(ConvGeometry g, int filters, int chunkImages) {
        Random random = new Random(3);
        float[] w = randoms(filters * g.patch(), random);
        FloatBuffer weights = offHeap(w);
        FloatBuffer forwardTaps = offHeap(ConvolutionByTaps.forwardWeights(w, filters, g));
        FloatBuffer gradientTaps = offHeap(ConvolutionByTaps.gradientWeights(w, filters, g));
        FloatBuffer x = offHeap(randoms(g.inputLength(), random));
        float[] expected = new float[g.inputLength()];
        float[] actual = new float[g.inputLength()];
        ConvolutionByTaps byTaps = new ConvolutionByTaps();
        int plane = g.h() * g.w(), span = g.columnsPerImage();
        for (int first = 0; first < g.n(); first += chunkImages) {
            ImageChunk chunk = new ImageChunk(first, Math.min(g.n(), first + chunkImages));
            int columns = chunk.columns(g);
            FloatBuffer matrix = offHeap(new float[g.patch() * columns]);
            FloatBuffer z = offHeap(new float[filters * columns]);
            Im2col.expandWide(x, g, chunk, matrix, chunk.first(), chunk.end());
            ConvolutionProducts.filterResponses(g, chunk, filters, weights, matrix, z);
            FloatBuffer responses = byTaps.responses(g, chunk, chunkImages, filters, forwardTaps, x);
            for (int f = 0; f < filters; f++) {
                for (int i = 0; i < chunk.images(); i++) {
                    for (int at : Im2col.outputColumns(g)) {
                        assertEquals(z.get(f * columns + i * span + at),
                                responses.get(f * chunk.images() * plane + i * plane + at), 1e-5f,
                                "filter " + f + ", image " + (first + i) + ", output column " + at + " of " + g);
                    }
                }
            }
            FloatBuffer dz = offHeap(outputGradient(g, filters, chunk, random));
            ConvolutionProducts.windowGradients(g, chunk, filters, weights, dz, matrix);
            Im2col.accumulate(matrix, g, chunk, expected, chunk.first(), chunk.end());
            byTaps.inputGradient(g, chunk, chunkImages, filters, gradientTaps, dz, actual);
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f, "input gradient at " + i + " of " + g);
        }
    }

    /** A wide-layout dz for the chunk: random at every output column, zero in the unread ones. */
    private static float[] outputGradient(ConvGeometry g, int filters, ImageChunk chunk, Random random) {
        int columns = chunk.columns(g);
        float[] dz = new float[filters * columns];
        for (int f = 0; f < filters; f++) {
            for (int n = 0; n < chunk.images(); n++) {
                for (int at : Im2col.outputColumns(g)) {
                    dz[f * columns + n * g.columnsPerImage() + at] = random.nextFloat() - 0.5f;
                }
            }
        }
        return dz;
    }

    private static float[] randoms(int length, Random random) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return values;
    }

    /** Off-heap floats holding {@code values}; their owner kept reachable, as the memory is freed with it. */
    private FloatBuffer offHeap(float[] values) {
        FloatPointer memory = new FloatPointer(values.length);
        owners.add(memory);
        FloatBuffer b = memory.asBuffer();
        b.put(0, values, 0, values.length);
        return b;
    }
}
