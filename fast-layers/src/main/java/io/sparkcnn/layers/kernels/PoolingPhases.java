package io.sparkcnn.layers.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;

/**
 * A convolution (stride 1, no padding) whose outputs go straight into 2x2/2 max pooling, with its window matrix's
 * columns in "phase" order: an image's columns are four runs, one per position in the pooling window (top left, top
 * right, bottom left, bottom right), each holding that position of every window, window (py, px) at column
 * {@code py * subW + px} of the run (the columns with {@code px >= cols} hold nothing anyone reads, as in the wide
 * layout). The four candidates of every window then sit at the same index of four runs, so the pooling is a few
 * whole-run loops the JIT vectorises, where the 2x2 windows of a plane in rows need stride-2 reads it does not
 * (scalar, ~20 cycles an output). The runs come from the input split into its four sub-images of even and odd rows and
 * columns ({@code subH x subW} each), from which every row of the matrix is one bulk copy per run.
 */
public record PoolingPhases(ConvGeometry g) {
    /** Rows and columns of the sub-images. */
    public int subH() {
        return (g.h() + 1) / 2;
    }

    public int subW() {
        return (g.w() + 1) / 2;
    }

    /** Pooling windows per plane: rows x cols. */
    public int rows() {
        return g.oh() / 2;
    }

    public int cols() {
        return g.ow() / 2;
    }

    public int windows() {
        return rows() * cols();
    }

    /** Columns of one run. */
    public int run() {
        return (rows() - 1) * subW() + cols();
    }

    /** Window-matrix columns per image: four runs. */
    public int columnsPerImage() {
        return 4 * run();
    }

    /** Floats of one image's sub-images: four per channel. */
    public int subImagesLength() {
        return 4 * g.c() * subH() * subW();
    }

    /**
     * Splits image {@code n} of {@code x} (the minibatch, NCHW) into its sub-images, channel by channel, in the order
     * (even rows, even columns), (even, odd), (odd, even), (odd, odd), zero past the image's edge: into {@code sub}
     * from {@code n * subImagesLength()} on.
     */
    public void split(float[] x, int n, float[] sub) {
        int h = g.h(), w = g.w(), subH = subH(), subW = subW(), plane = subH * subW, at = n * subImagesLength();
        Arrays.fill(sub, at, at + subImagesLength(), 0f);
        for (int c = 0; c < g.c(); c++) {
            int image = (n * g.c() + c) * h * w;
            for (int y = 0; y < h; y++) {
                int row = at + (c * 4 + (y & 1) * 2) * plane + (y >> 1) * subW;
                for (int x0 = 0; x0 < w; x0++) {
                    sub[row + (x0 & 1) * plane + (x0 >> 1)] = x[image + y * w + x0];
                }
            }
        }
    }

    /**
     * Image {@code n}'s columns of the window matrix (rows (channel, ky, kx), then a row of ones for the bias), from
     * its sub-images ({@link #split}), starting at column {@code at} of a matrix {@code columns} wide.
     */
    public void windows(float[] sub, int n, FloatBuffer matrix, int columns, int at, float[] ones) {
        int subW = subW(), plane = subH() * subW, run = run(), patch = g.patch(), image = n * subImagesLength();
        for (int phase = 0; phase < 4; phase++) {
            int dy = phase >> 1, dx = phase & 1;
            for (int c = 0, k = 0; c < g.c(); c++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    int y = dy + ky;
                    for (int kx = 0; kx < g.kw(); kx++, k++) {
                        int x = dx + kx;
                        int from = image + (c * 4 + (y & 1) * 2 + (x & 1)) * plane + (y >> 1) * subW + (x >> 1);
                        matrix.put(k * columns + at + phase * run, sub, from, run);
                    }
                }
            }
        }
        matrix.put(patch * columns + at, ones, 0, columnsPerImage());
    }

    /**
     * Pools image {@code n}'s planes (its {@code filters} filters) of the product, read as float bits from
     * {@code bits}, whose rows are {@code columns} long, from column {@code at}: the activation (ReLU, else identity),
     * then each window's maximum and winner, with {@link PoolingWindows#maxPool2x2}'s rule for ties (the first of top
     * left, top right, bottom left, bottom right). Writes the planes' pooled outputs and winners (positions in the
     * convolution's NCHW output) from {@code n * filters * windows()} on, and each winner's column among the image's
     * columns of its filter's row in {@code lanes}, for backprop ({@link #gradientAtWinners}). The comparisons run on
     * the floats' bits made order-preserving ints (ReLU's outputs are non-negative floats, whose bits already order as
     * ints; -0 orders below +0, as the rule's sign of a difference has it), in loops over all the image's filters at
     * once: the JIT vectorises long loops (over one plane's run most lanes fell to its scalar remainder loop) and left
     * the three steps scalar in one loop. The results, positions and columns included, are computed per lane in those
     * loops and go to the pooled order by bulk copies, a row of windows each: computing the positions and columns in a
     * scalar loop that moved the results one window at a time made the whole pooling ~1.2x slower.
     */
    public void pool(IntBuffer bits, int columns, int at, boolean relu, int n, Scratch s, float[] pooled,
                     int[] winners, int[] lanes) {
        int run = run(), all = s.lanes;
        int[][] q = gather(bits, columns, at, s);
        for (int[] phase : q) {
            if (relu) {
                orderRelu(phase, all);
            } else {
                orderSigned(phase, all);
            }
        }
        better(s.q0, s.q1, s.top, s.topRight, all);
        better(s.q2, s.q3, s.bottom, s.bottomRight, all);
        best(s, all, g.ow(), run, n * s.filters * g.p());
        if (!relu) {
            orderSigned(s.top, all); // back to float bits
        }
        float[] values = s.values;
        int[] top = s.top;
        for (int i = 0; i < all; i++) {
            values[i] = Float.intBitsToFloat(top[i]);
        }
        // Each row of windows is a run of cols lanes (the lanes past it, px >= cols, hold nothing anyone reads).
        int subW = subW(), cols = cols(), rows = rows();
        for (int f = 0, o = n * s.filters * windows(); f < s.filters; f++) {
            for (int py = 0, i = f * run; py < rows; py++, i += subW, o += cols) {
                System.arraycopy(values, i, pooled, o, cols);
                System.arraycopy(s.position, i, winners, o, cols);
                System.arraycopy(s.lane, i, lanes, o, cols);
            }
        }
    }

    /** The image's four runs of each filter's row of the product (rows {@code columns} long, from {@code at}). */
    int[][] gather(IntBuffer bits, int columns, int at, Scratch s) {
        int run = run();
        int[][] q = {s.q0, s.q1, s.q2, s.q3};
        for (int f = 0; f < s.filters; f++) {
            for (int phase = 0; phase < 4; phase++) {
                bits.get(f * columns + at + phase * run, q[phase], f * run, run);
            }
        }
        return q;
    }

    /**
     * One plane's gradient at the convolution's outputs in the phase layout ({@link #columnsPerImage} floats in
     * {@code dz}): {@code eps * f'} at each window's winner (f' from the pooled output, the activation there), zero
     * elsewhere. {@code eps}, {@code pooled}, {@code lanes} per window, as {@link #pool} wrote them.
     */
    public void gradientAtWinners(int plane, PointwiseActivation activation, float[] eps, float[] pooled, int[] lanes,
                                  float[] dz) {
        Arrays.fill(dz, 0, columnsPerImage(), 0f);
        for (int o = plane * windows(), end = o + windows(); o < end; o++) {
            dz[lanes[o]] = activation.backpropAt(eps[o], pooled[o]);
        }
    }

    /** ReLU on float bits: negative floats (sign bit set) become +0; the rest order as ints already. */
    private static void orderRelu(int[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[i] &= ~(v[i] >> 31);
        }
    }

    /** Float bits to ints of the same order: negative floats' magnitude bits flipped (an involution). */
    static void orderSigned(int[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[i] ^= (v[i] >> 31) & 0x7fffffff;
        }
    }

    /** {@code wins[i]} 1 when {@code second[i] > first[i]}, else 0; {@code larger[i]} the winner. */
    private static void better(int[] first, int[] second, int[] larger, int[] wins, int n) {
        for (int i = 0; i < n; i++) {
            int a = first[i], b = second[i];
            int w = less(a, b);
            wins[i] = w;
            larger[i] = a ^ ((a ^ b) & -w);
        }
    }

    /**
     * The better of the top and bottom winners into {@code s.top} (as an order-preserving int), its position in the
     * convolution's output (the image's first output at {@code first}) into {@code s.position}, and its column among
     * the image's columns of its filter's row (its run's, 0 to 3, times {@code run}, plus its lane's place in the
     * run) into {@code s.lane}: what {@link #pool} hands on, computed in a loop the JIT vectorises.
     */
    private static void best(Scratch s, int n, int ow, int run, int first) {
        int[] top = s.top, topRight = s.topRight, bottom = s.bottom, bottomRight = s.bottomRight;
        int[] position = s.position, corner = s.corner, lane = s.lane, inRun = s.inRun;
        for (int i = 0; i < n; i++) {
            int a = top[i], b = bottom[i];
            int w = less(a, b);
            top[i] = a ^ ((a ^ b) & -w);
            position[i] = first + corner[i] + topRight[i] + w * (ow + bottomRight[i] - topRight[i]);
            lane[i] = inRun[i] + run * (topRight[i] + w * (2 + bottomRight[i] - topRight[i]));
        }
    }

    /** The larger of {@code a} and {@code b}, without branches. */
    static int larger(int a, int b) {
        return a ^ ((a ^ b) & -less(a, b));
    }

    /** 1 when {@code a < b}, else 0, without branches (the sign of a - b, corrected for overflow). */
    private static int less(int a, int b) {
        int d = a - b;
        return (d ^ ((a ^ b) & (d ^ a))) >>> 31;
    }

    /** One worker's arrays for {@link #pool}: a run per filter each. */
    public Scratch scratch(int filters) {
        return new Scratch(this, filters);
    }

    /** One worker's arrays for {@link #pool}. */
    public static final class Scratch {
        final int filters;
        final int lanes;
        final int[] q0;
        final int[] q1;
        final int[] q2;
        final int[] q3;
        final int[] top;
        final int[] topRight;
        final int[] bottom;
        final int[] bottomRight;
        /** Each lane's window's top left, relative to the image's first output. */
        final int[] corner;
        /** Each lane's place in its filter's run. */
        final int[] inRun;
        final int[] position;
        final int[] lane;
        final float[] values;
        /** One direct buffer as ints and as floats ({@link PhaseMaxima}' conversion). */
        final IntBuffer bitsOut;
        final FloatBuffer floatsOut;

        Scratch(PoolingPhases phases, int filters) {
            this.filters = filters;
            int run = phases.run();
            lanes = filters * run;
            q0 = new int[lanes];
            q1 = new int[lanes];
            q2 = new int[lanes];
            q3 = new int[lanes];
            top = new int[lanes];
            topRight = new int[lanes];
            bottom = new int[lanes];
            bottomRight = new int[lanes];
            corner = new int[lanes];
            inRun = new int[lanes];
            position = new int[lanes];
            lane = new int[lanes];
            values = new float[lanes];
            ByteBuffer out = ByteBuffer.allocateDirect(4 * lanes).order(ByteOrder.nativeOrder());
            bitsOut = out.asIntBuffer();
            floatsOut = out.asFloatBuffer();
            ConvGeometry g = phases.g();
            for (int i = 0; i < lanes; i++) {
                int f = i / run, py = i % run / phases.subW(), px = i % run % phases.subW();
                corner[i] = f * g.p() + 2 * py * g.ow() + 2 * px;
                inRun[i] = i % run;
            }
        }
    }
}
