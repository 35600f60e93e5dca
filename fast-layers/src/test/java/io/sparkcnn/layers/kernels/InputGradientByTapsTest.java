package io.sparkcnn.layers.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/**
 * The input gradient tap by tap ({@link InputGradientByTaps}) against {@code Wᵀ · dz} folded back by col2im, the way
 * the fast convolution computes it for other geometries and kernels; whichever OpenBLAS kernel the tests run with.
 */
class InputGradientByTapsTest {
    private final List<FloatPointer> owners = new ArrayList<>();

    @Test
    void theSeedCnnsSecondConvolutionMatchesCol2im() {
        assertMatchesCol2im(new ConvGeometry(9, 32, 13, 13, 3, 3, 1, 1, 0, 0), 32, 4);
    }

    @Test
    void nonSquareKernelsAndImagesMatchCol2im() {
        assertMatchesCol2im(new ConvGeometry(5, 3, 7, 9, 2, 4, 1, 1, 0, 0), 6, 2);
        assertMatchesCol2im(new ConvGeometry(3, 2, 6, 5, 4, 1, 1, 1, 0, 0), 5, 3);
        assertMatchesCol2im(new ConvGeometry(4, 1, 5, 5, 5, 5, 1, 1, 0, 0), 2, 3); // one output per image
    }

    @Test
    void onlyTheWideLayoutIsCovered() {
        assertTrue(!InputGradientByTaps.covers(new ConvGeometry(2, 1, 8, 8, 3, 3, 2, 2, 0, 0)));
        assertTrue(!InputGradientByTaps.covers(new ConvGeometry(2, 1, 8, 8, 3, 3, 1, 1, 1, 1)));
    }

    @Test
    void theTapMatricesHoldTheFlippedKernelTransposed() {
        ConvGeometry g = new ConvGeometry(1, 2, 4, 4, 2, 2, 1, 1, 0, 0);
        float[] w = new float[3 * 2 * 4]; // [filter][channel][ky][kx]
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        float[] taps = InputGradientByTaps.tapWeights(w, 3, g); // [tap][channel][filter]
        // Tap (0, 0) reads the kernel's (1, 1): filter 2, channel 1 is w[(2 * 2 + 1) * 4 + 3].
        assertEquals(w[(2 * 2 + 1) * 4 + 3], taps[(0 * 2 + 1) * 3 + 2]);
        // Tap (1, 0) reads (0, 1): filter 0, channel 0.
        assertEquals(w[1], taps[(2 * 2 + 0) * 3 + 0]);
    }

    /**
     * Every chunk of {@code g}'s minibatch, chunks of {@code chunkImages} images (the last one smaller when they do
     * not divide it), through one instance, as a worker reuses it: equal to col2im's result to float rounding.
     */
    private void assertMatchesCol2im(ConvGeometry g, int filters, int chunkImages) {
        Random random = new Random(3);
        float[] w = new float[filters * g.patch()];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextFloat() - 0.5f;
        }
        FloatBuffer weights = offHeap(w);
        FloatBuffer taps = offHeap(InputGradientByTaps.tapWeights(w, filters, g));
        float[] expected = new float[g.inputLength()];
        float[] actual = new float[g.inputLength()];
        InputGradientByTaps byTaps = new InputGradientByTaps();
        for (int first = 0; first < g.n(); first += chunkImages) {
            ImageChunk chunk = new ImageChunk(first, Math.min(g.n(), first + chunkImages));
            int columns = chunk.columns(g);
            FloatBuffer dz = offHeap(outputGradient(g, filters, chunk, random));
            FloatBuffer matrix = offHeap(new float[g.patch() * columns]);
            ConvolutionProducts.windowGradients(g, chunk, filters, weights, dz, matrix);
            Im2col.accumulate(matrix, g, chunk, expected, chunk.first(), chunk.end());
            byTaps.chunk(g, chunk, chunkImages, filters, taps, dz, actual);
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

    /** Off-heap floats holding {@code values}; their owner kept reachable, as the memory is freed with it. */
    private FloatBuffer offHeap(float[] values) {
        FloatPointer memory = new FloatPointer(values.length);
        owners.add(memory);
        FloatBuffer b = memory.asBuffer();
        b.put(0, values, 0, values.length);
        return b;
    }
}
