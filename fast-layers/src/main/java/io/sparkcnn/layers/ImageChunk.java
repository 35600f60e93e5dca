package io.sparkcnn.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * Images [first, end) of a minibatch, processed together so that their window matrix and GEMM output stay in the
 * CPU's cache: made into one matrix for the whole minibatch (9 MB for the seed CNN's second layer), every pass over
 * it went to memory, and these passes, not the arithmetic, were the cost.
 */
record ImageChunk(int first, int end) {
    /** Floats of window matrix plus GEMM output per chunk: ~0.75 MB, well inside a core's L2 cache. */
    private static final int CACHE_FLOATS = 192 * 1024;

    int images() {
        return end - first;
    }

    /** Columns of the chunk's window matrix: one per output position of each of its images. */
    int columns(ConvGeometry g) {
        return images() * g.p();
    }

    /** Consecutive chunks covering the minibatch, each as large as the cache budget allows (at least one image). */
    static List<ImageChunk> split(ConvGeometry g, int filters) {
        int perImage = (g.patch() + filters) * g.p();
        int size = Math.max(1, Math.min(g.n(), CACHE_FLOATS / perImage));
        List<ImageChunk> chunks = new ArrayList<>();
        for (int first = 0; first < g.n(); first += size) {
            chunks.add(new ImageChunk(first, Math.min(g.n(), first + size)));
        }
        return chunks;
    }

    /** The largest chunk's column count, to size the reusable buffers. */
    static int maxColumns(List<ImageChunk> chunks, ConvGeometry g) {
        return chunks.stream().mapToInt(c -> c.columns(g)).max().orElse(0);
    }
}
