package io.sparkcnn.layers.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How a convolution's minibatch is cut into the chunks its workers take. */
class ImageChunkTest {
    @Test
    void theCacheBudgetSetsTheSeedCnnsChunks() {
        ConvGeometry first = ConvGeometry.of(new long[] {64, 1, 28, 28}, new int[] {3, 3}, new int[] {1, 1},
                new int[] {0, 0});
        List<ImageChunk> chunks = ImageChunk.split(first, 32, 2);
        assertEquals(11, chunks.size());
        assertEquals(new ImageChunk(0, 6), chunks.get(0));
        assertEquals(new ImageChunk(60, 64), chunks.get(10));
    }

    @Test
    void everyWorkerGetsAChunkWhenTheBudgetWouldFitTheWholeMinibatch() {
        // 2x2 outputs: the whole minibatch's window matrix fits the cache budget.
        ConvGeometry small = ConvGeometry.of(new long[] {32, 64, 4, 4}, new int[] {3, 3}, new int[] {1, 1},
                new int[] {0, 0});
        assertEquals(List.of(new ImageChunk(0, 32)), ImageChunk.split(small, 64, 1));
        assertEquals(List.of(new ImageChunk(0, 16), new ImageChunk(16, 32)), ImageChunk.split(small, 64, 2));
        assertEquals(3, ImageChunk.split(small, 64, 3).size());
    }
}
