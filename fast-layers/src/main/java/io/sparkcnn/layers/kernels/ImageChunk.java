package io.sparkcnn.layers.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * Images [first, end) of a minibatch, processed together so that their window matrix and GEMM output stay in the
 * CPU's cache: made into one matrix for the whole minibatch (9 MB for the seed CNN's second layer), every pass over
 * it went to memory, and these passes, not the arithmetic, were the cost.
 */
public record ImageChunk(int first, int end) {
    /** Floats of window matrix plus GEMM output per chunk: ~0.75 MB, well inside a core's L2 cache. */
    private static final int CACHE_FLOATS = 192 * 1024;

    public int images() {
        return end - first;
    }

    /** Columns of the chunk's window matrix: {@link ConvGeometry#columnsPerImage} for each of its images. */
    public int columns(ConvGeometry g) {
        return images() * g.columnsPerImage();
    }

    /**
     * Images per chunk: as many as the cache budget allows, at least one, and few enough that each of
     * {@code workers} workers gets a chunk (with large images the budget alone could leave one chunk for all).
     */
    public static int size(ConvGeometry g, int filters, int workers) {
        int perImage = (g.patch() + filters) * g.columnsPerImage();
        int shared = (g.n() + workers - 1) / workers;
        return Math.max(1, Math.min(shared, CACHE_FLOATS / perImage));
    }

    /** Consecutive chunks covering the minibatch, each of at most {@link #size} images. */
    public static List<ImageChunk> split(ConvGeometry g, int filters, int workers) {
        int size = size(g, filters, workers);
        List<ImageChunk> chunks = new ArrayList<>();
        for (int first = 0; first < g.n(); first += size) {
            chunks.add(new ImageChunk(first, Math.min(g.n(), first + size)));
        }
        return chunks;
    }
}
