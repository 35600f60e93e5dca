package io.sparkcnn.layers.kernels;

import java.nio.IntBuffer;

/**
 * {@link PoolingPhases#pool} for inference: each window's output alone, the largest of its four products, then the
 * activation (ReLU, else identity; the two commute with the maximum); which product won, and so ties, matter to no
 * one. On the floats' bits as ints: raw for ReLU (a negative float's bits are a negative int, below every
 * non-negative one, and ReLU makes it 0 whatever its rank), else made order-preserving and back.
 */
public final class PhaseMaxima {
    private PhaseMaxima() {
    }

    /**
     * Pools image {@code n}'s planes of the product, read as float bits from {@code bits} (rows {@code columns} long,
     * from column {@code at}), into {@code pooled} from {@code n * filters * windows()} on.
     */
    public static void pool(PoolingPhases phases, IntBuffer bits, int columns, int at, boolean relu, int n,
                            PoolingPhases.Scratch s, float[] pooled) {
        int all = s.lanes;
        int[][] q = phases.gather(bits, columns, at, s);
        int[] q0 = s.q0, q1 = s.q1, q2 = s.q2, q3 = s.q3, top = s.top;
        if (relu) { // branch-free maxima: with Math.max the JIT left these loops scalar, ~7x slower
            for (int i = 0; i < all; i++) {
                int m = PoolingPhases.larger(PoolingPhases.larger(q0[i], q1[i]), PoolingPhases.larger(q2[i], q3[i]));
                top[i] = m & ~(m >> 31);
            }
        } else {
            for (int[] phase : q) {
                PoolingPhases.orderSigned(phase, all);
            }
            for (int i = 0; i < all; i++) {
                top[i] = PoolingPhases.larger(PoolingPhases.larger(q0[i], q1[i]), PoolingPhases.larger(q2[i], q3[i]));
            }
            PoolingPhases.orderSigned(top, all);
        }
        // To floats by a bulk copy through direct memory each way: a loop of Float.intBitsToFloat was ~2x slower.
        s.bitsOut.put(0, top, 0, all);
        s.floatsOut.get(0, s.values, 0, all);
        int subW = phases.subW(), cols = phases.cols(), rows = phases.rows(), run = phases.run();
        for (int f = 0, o = n * s.filters * phases.windows(); f < s.filters; f++) {
            for (int py = 0, i = f * run; py < rows; py++, i += subW, o += cols) {
                System.arraycopy(s.values, i, pooled, o, cols);
            }
        }
    }
}
