package io.sparkcnn.measurements;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.sparkcnn.layers.kernels.ConvGeometry;
import io.sparkcnn.layers.kernels.PoolingWindows;

/**
 * The measurement behind {@link PoolingWindows}'s 2x2 max pooling (docs/fast-layers.md, under "The output layer and
 * Adam"). Times it on half a seed-CNN minibatch's first-layer feature maps (32 images x 32 channels of 26x26, one
 * thread) against the formulation it replaced (Math.max and conditional expressions), alternating, and checks that
 * both agree. No arguments.
 */
public final class MaxPoolTiming {
    private static final int ROUNDS = 40;
    private static final int CALLS = 50;
    private static final int IMAGES = 32, CHANNELS = 32, SIDE = 26, POOLED = SIDE / 2;

    private MaxPoolTiming() {
    }

    public static void main(String[] args) {
        ConvGeometry g = new ConvGeometry(IMAGES, CHANNELS, SIDE, SIDE, 2, 2, 2, 2, 0, 0);
        float[] in = new float[IMAGES * CHANNELS * SIDE * SIDE];
        Random random = new Random(1);
        for (int i = 0; i < in.length; i++) {
            in[i] = Math.max(0f, random.nextFloat() - 0.3f); // ReLU outputs: ties at zero included
        }
        int planes = IMAGES * CHANNELS, outputs = planes * POOLED * POOLED;
        float[] out = new float[outputs], reference = new float[outputs];
        int[] winner = new int[outputs], referenceWinner = new int[outputs];
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                comparisons(in, reference, referenceWinner, planes);
            }
            long middle = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                PoolingWindows.maxPool2x2(in, g, out, winner, 0, planes);
            }
            long end = System.nanoTime();
            ratios.add((double) (middle - start) / (end - middle));
            System.out.printf("round %d: comparisons %.3f ms, PoolingWindows %.3f ms%n", round,
                    (middle - start) / 1e6 / CALLS, (end - middle) / 1e6 / CALLS);
        }
        if (!Arrays.equals(out, reference) || !Arrays.equals(winner, referenceWinner)) {
            throw new IllegalStateException("the two formulations disagree");
        }
        List<Double> warm = new ArrayList<>(ratios.subList(5, ROUNDS));
        warm.sort(null);
        System.out.printf("median speed-up over the last %d rounds: %.2fx%n", warm.size(), warm.get(warm.size() / 2));
    }

    /** The formulation PoolingWindows used before: Math.max and conditional expressions. */
    private static void comparisons(float[] in, float[] out, int[] argmax, int planes) {
        int oh = POOLED, ow = POOLED, w = SIDE;
        int planeIn = SIDE * w;
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                int top = plane * planeIn + 2 * oy * w;
                for (int ox = 0; ox < ow; ox++, o++) {
                    int a = top + 2 * ox, c = a + w;
                    float v0 = in[a], v1 = in[a + 1], v2 = in[c], v3 = in[c + 1];
                    float top2 = Math.max(v0, v1), bottom2 = Math.max(v2, v3);
                    int topAt = v1 > v0 ? a + 1 : a, bottomAt = v3 > v2 ? c + 1 : c;
                    out[o] = Math.max(top2, bottom2);
                    argmax[o] = bottom2 > top2 ? bottomAt : topAt;
                }
            }
        }
    }
}
