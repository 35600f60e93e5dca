package io.sparkcnn.layers.kernels;

import java.util.Arrays;

/**
 * Max and average pooling over the windows of an NCHW minibatch's channel planes [fromPlane, toPlane) (a plane = one
 * channel of one image), and their backprop. Max pooling records each window's winner (its input index), so that
 * backprop puts the window's gradient there without searching the window again.
 */
public final class PoolingWindows {
    private PoolingWindows() {
    }

    /** Pools channel planes [fromPlane, toPlane) (a plane = one channel of one image). */
    public static void pool(float[] in, ConvGeometry g, boolean max, float[] out, int[] argmax, int fromPlane,
                            int toPlane) {
        if (max && g.kh() == 2 && g.kw() == 2 && g.sy() == 2 && g.sx() == 2) {
            maxPool2x2(in, g, out, argmax, fromPlane, toPlane);
        } else {
            poolAnyWindow(in, g, max, out, argmax, fromPlane, toPlane);
        }
    }

    /**
     * The common case, written without data-dependent branches: which element of a window wins is unpredictable,
     * and mispredicted branches made the general loop ~3x slower. Which of two values wins is the sign bit of their
     * difference (1 when the second is strictly greater: on a tie the first wins, as in DL4J), used as an index
     * offset; the output is then read at the winner. This ran 1.15-1.25x faster than Math.max and conditional
     * expressions, which the JIT compiled partly to branches ({@code MaxPoolTiming} in the measurements module,
     * three runs).
     */
    public static void maxPool2x2(float[] in, ConvGeometry g, float[] out, int[] argmax, int fromPlane, int toPlane) {
        int oh = g.oh(), ow = g.ow(), w = g.w();
        int planeIn = g.h() * w;
        int o = fromPlane * oh * ow;
        for (int plane = fromPlane; plane < toPlane; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                int top = plane * planeIn + 2 * oy * w;
                for (int ox = 0; ox < ow; ox++, o++) {
                    int a = top + 2 * ox, c = a + w;
                    int topRight = secondWins(in[a], in[a + 1]);
                    int bottomRight = secondWins(in[c], in[c + 1]);
                    int bottomWins = secondWins(in[a + topRight], in[c + bottomRight]);
                    int at = a + topRight + bottomWins * (w + bottomRight - topRight);
                    argmax[o] = at;
                    out[o] = in[at];
                }
            }
        }
    }

    /** 1 when {@code second > first}, else 0 (for numbers; NaN aside): the sign bit of their difference. */
    private static int secondWins(float first, float second) {
        return Float.floatToRawIntBits(first - second) >>> 31;
    }

    private static void poolAnyWindow(float[] in, ConvGeometry g, boolean max, float[] out, int[] argmax,
                                      int fromPlane, int toPlane) {
        int oh = g.oh(), ow = g.ow(), w = g.w(), kh = g.kh(), kw = g.kw(), sy = g.sy(), sx = g.sx();
        int planeIn = g.h() * w;
        float scale = 1f / (kh * kw);
        int o = fromPlane * oh * ow;
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int base = plane * planeIn;
            for (int oy = 0; oy < oh; oy++) {
                int rowTop = base + oy * sy * w;
                for (int ox = 0; ox < ow; ox++, o++) {
                    int top = rowTop + ox * sx;
                    float best = in[top];
                    int bestAt = top;
                    float sum = 0f;
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0, at = top + ky * w; kx < kw; kx++, at++) {
                            float v = in[at];
                            sum += v;
                            // Strictly greater: the first maximum wins, as in DL4J.
                            if (v > best) {
                                best = v;
                                bestAt = at;
                            }
                        }
                    }
                    out[o] = max ? best : sum * scale;
                    argmax[o] = bestAt;
                }
            }
        }
    }

    /**
     * Backprop: the gradient {@code dx} of planes [fromPlane, toPlane) of the input from {@code eps}, the outputs'
     * gradient: max pooling's at each window's winner, average pooling's spread evenly over the window.
     */
    public static void unpool(float[] eps, int[] winner, ConvGeometry g, boolean max, float[] dx, int fromPlane,
                              int toPlane) {
        if (max && g.kh() == 2 && g.kw() == 2 && g.sy() == 2 && g.sx() == 2) {
            maxUnpool2x2(eps, winner, g, dx, fromPlane, toPlane);
            return;
        }
        int planeIn = g.h() * g.w(), p = g.p();
        float share = 1f / (g.kh() * g.kw());
        Arrays.fill(dx, fromPlane * planeIn, toPlane * planeIn, 0f);
        for (int i = fromPlane * p, end = toPlane * p; i < end; i++) {
            if (max) {
                dx[winner[i]] += eps[i];
            } else {
                spread(g, i, eps[i] * share, dx);
            }
        }
    }

    /**
     * Backprop of 2x2/2 max pooling, plane by plane while the plane is in cache: zero it, then put each output's
     * gradient at its window's winner (the windows do not overlap, so nothing adds up).
     */
    private static void maxUnpool2x2(float[] eps, int[] winner, ConvGeometry g, float[] dx, int fromPlane,
                                     int toPlane) {
        int planeIn = g.h() * g.w(), planeOut = g.p();
        for (int plane = fromPlane; plane < toPlane; plane++) {
            Arrays.fill(dx, plane * planeIn, (plane + 1) * planeIn, 0f);
            for (int o = plane * planeOut, end = o + planeOut; o < end; o++) {
                dx[winner[o]] = eps[o];
            }
        }
    }

    private static void spread(ConvGeometry g, int output, float value, float[] dx) {
        int p = g.p();
        int plane = output / p, at = output % p;
        int top = plane * g.h() * g.w() + (at / g.ow()) * g.sy() * g.w() + (at % g.ow()) * g.sx();
        for (int ky = 0; ky < g.kh(); ky++) {
            for (int kx = 0; kx < g.kw(); kx++) {
                dx[top + ky * g.w() + kx] += value;
            }
        }
    }
}
