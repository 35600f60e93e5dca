package io.sparkcnn.layers.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkcnn.layers.cpu.BlasKernel;
import org.junit.jupiter.api.Test;

/** How a convolution's products are cut into blocks of columns for OpenBLAS's small-matrix kernels. */
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
}
