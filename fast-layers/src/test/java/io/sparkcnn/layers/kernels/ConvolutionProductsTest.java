package io.sparkcnn.layers.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Random;

import io.sparkcnn.layers.cpu.BlasKernel;
import io.sparkcnn.layers.cpu.NativeFloats;
import org.junit.jupiter.api.Test;

/**
 * How a convolution's products are cut into blocks of columns for OpenBLAS's small-matrix kernels, and how the chunks'
 * weight gradients are added up.
 */
class ConvolutionProductsTest {
    @Test
    void withoutSmallKernelsEveryColumnGoesInOneProduct() {
        assertEquals(564, ConvolutionProducts.blockColumns(32, 288, 564, false));
        assertEquals(4356, ConvolutionProducts.blockColumns(32, 9, 4356, false));
    }

    @Test
    void withSmallKernelsTheColumnsAreCutIntoEqualBlocksWithinTheirBound() {
        // The seed CNN's second convolution, a 4-image chunk: at most 108 columns fit, so 6 blocks of 94.
        assertEquals(94, ConvolutionProducts.blockColumns(32, 288, 564, true));
        // Its input gradient, 288 x 32 by 32 x columns: the same bound.
        assertEquals(94, ConvolutionProducts.blockColumns(288, 32, 564, true));
        // The first convolution, a 6-image chunk of 726 columns each: 2 blocks of 3 images.
        assertEquals(2178, ConvolutionProducts.blockColumns(32, 9, 4356, true));
        // A product already within the bound stays whole; one whose m·k alone exceeds it goes column by column.
        assertEquals(50, ConvolutionProducts.blockColumns(10, 10, 50, true));
        assertEquals(1, ConvolutionProducts.blockColumns(2000, 1000, 7, true));
        for (int columns = 1; columns < 700; columns++) {
            int block = ConvolutionProducts.blockColumns(32, 288, columns, true);
            assertTrue(32L * 288 * block <= BlasKernel.SMALL_PRODUCT, "block of " + block + " for " + columns);
        }
    }

    @Test
    void chunkGradientsAreAddedInChunkOrderIntoTheWeightsLayout() {
        int patch = 7, filters = 5, chunks = 4, length = (patch + 1) * filters;
        Random random = new Random(3);
        NativeFloats[] sums = NativeFloats.atLeast(new NativeFloats[0], chunks + 1);
        float[][] rows = new float[chunks][length];
        for (int task = 0; task < chunks; task++) {
            FloatBuffer memory = sums[task].ensure(length);
            for (int i = 0; i < length; i++) {
                // Magnitudes far apart, so that another order of the additions would round differently.
                rows[task][i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4));
                memory.put(i, rows[task][i]);
            }
        }
        sums[chunks].ensure(length).put(0, 1e6f); // a buffer past the chunks counted: not added
        float[] dw = new float[filters * patch], bias = new float[filters];
        ConvolutionProducts.addChunkGradients(sums, chunks, patch, filters, dw, bias);

        float[] expectedDw = new float[filters * patch], expectedBias = new float[filters];
        for (float[] row : rows) {
            for (int k = 0; k < patch; k++) {
                for (int f = 0; f < filters; f++) {
                    expectedDw[f * patch + k] += row[k * filters + f];
                }
            }
            for (int f = 0; f < filters; f++) {
                expectedBias[f] += row[patch * filters + f];
            }
        }
        assertArrayEquals(expectedDw, dw);
        assertArrayEquals(expectedBias, bias);
    }
}
