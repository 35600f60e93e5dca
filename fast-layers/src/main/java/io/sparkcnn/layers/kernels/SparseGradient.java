package io.sparkcnn.layers.kernels;

import java.util.Arrays;

/**
 * A gradient that is zero but at a few positions, as max pooling's backprop gives it: plane by plane (a plane =
 * one channel of one image, {@code planeSize} elements), {@code perPlane} entries each, entry {@code o} adding
 * {@code values[o]} at {@code positions[o]} (an index into the whole array). Overlapping windows can put two
 * entries at one position; {@code distinct}: the windows do not overlap, so no two entries share one. A convolution
 * below reads it plane by plane through its activation's derivative, without the dense array.
 */
public record SparseGradient(float[] values, int[] positions, int perPlane, int planeSize, boolean distinct) {
    /** The index of {@code plane}'s first entry (its entries end where the next plane's begin). */
    public int firstEntry(int plane) {
        return plane * perPlane;
    }

    /** Fills {@code dense[0, length)} with the gradient. */
    public void densify(float[] dense, int length) {
        Arrays.fill(dense, 0, length, 0f);
        for (int o = 0, entries = length / planeSize * perPlane; o < entries; o++) {
            dense[positions[o]] += values[o];
        }
    }

    /**
     * {@code dz = eps * f'(z)} on one output plane when no two windows share a winner, written to {@code run} (an
     * image's columns of the window matrix, {@code column} mapping output positions to them), zero elsewhere: in its
     * unread columns too, as {@link Im2col#writeOutputs} expects of it. {@code out}: the layer's outputs f(z).
     */
    public void atDistinctWinners(int plane, int p, PointwiseActivation activation, float[] out, int[] column,
                                  float[] run) {
        Arrays.fill(run, 0f);
        int base = plane * p;
        float[] values = values();
        int[] positions = positions();
        for (int o = firstEntry(plane), end = firstEntry(plane + 1); o < end; o++) {
            int at = positions[o] - base;
            run[column[at]] = activation.backpropAt(values[o], out[base + at]);
        }
    }

    /**
     * {@code dz = eps * f'(z)} on one output plane (all {@code segment.length} of it), zero but at the pooling
     * windows' winners. Overlapping windows can share a winner: its gradients are added up in {@code eps} first, then
     * differentiated once, in the dense path's order of operations.
     */
    public void atWinners(int plane, PointwiseActivation activation, float[] out, float[] eps, float[] segment) {
        Arrays.fill(segment, 0f);
        Arrays.fill(eps, 0f);
        int base = plane * segment.length;
        float[] values = values();
        int[] positions = positions();
        int first = firstEntry(plane), end = firstEntry(plane + 1);
        for (int o = first; o < end; o++) {
            eps[positions[o] - base] += values[o];
        }
        for (int o = first; o < end; o++) {
            int at = positions[o] - base;
            segment[at] = activation.backpropAt(eps[at], out[base + at]);
        }
    }
}
