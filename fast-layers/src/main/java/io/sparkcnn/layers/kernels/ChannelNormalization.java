package io.sparkcnn.layers.kernels;

/**
 * Batch normalisation's loops over an NCHW minibatch's channel planes [fromPlane, toPlane) (plane i is channel
 * i mod c of image i / c), so that a layer's workers can each take a run of images: the channels' sums for the
 * minibatch's statistics, the normalisation, and backprop's sums and input gradient. Sums are in double, per plane,
 * then added to their channel's.
 */
public final class ChannelNormalization {
    private ChannelNormalization() {
    }

    /** Adds each plane's sum and sum of squares of {@code in} to its channel's in {@code sums} and {@code squares}. */
    public static void addPlaneSums(float[] in, ChannelPlanes s, int fromPlane, int toPlane, double[] sums,
                                    double[] squares) {
        for (int plane = fromPlane; plane < toPlane; plane++) {
            // a plane's sums in double: the variance is a difference of two nearly equal sums
            double sum = 0, square = 0;
            for (int i = plane * s.plane(), stop = i + s.plane(); i < stop; i++) {
                sum += in[i];
                square += (double) in[i] * in[i];
            }
            sums[plane % s.c()] += sum;
            squares[plane % s.c()] += square;
        }
    }

    /**
     * {@code xhat = (in - mean) * invStd} into {@code xhat} (which may be {@code in}), and
     * {@code y = xhat * gamma + beta} into {@code y}, per channel.
     */
    public static void normalize(float[] in, ChannelPlanes s, float[] mean, float[] invStd, float[] gamma,
                                 float[] beta, float[] xhat, float[] y, int fromPlane, int toPlane) {
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int ch = plane % s.c();
            float m = mean[ch], k = invStd[ch], g = gamma[ch], b = beta[ch];
            for (int i = plane * s.plane(), stop = i + s.plane(); i < stop; i++) {
                float xh = (in[i] - m) * k;
                xhat[i] = xh;
                y[i] = xh * g + b;
            }
        }
    }

    /** {@code out = in * scale + offset}, per channel ({@code out} may be {@code in}). */
    public static void scaleAndShift(float[] in, ChannelPlanes s, float[] scale, float[] offset, float[] out,
                                     int fromPlane, int toPlane) {
        for (int plane = fromPlane; plane < toPlane; plane++) {
            float k = scale[plane % s.c()], b = offset[plane % s.c()];
            for (int i = plane * s.plane(), stop = i + s.plane(); i < stop; i++) {
                out[i] = in[i] * k + b;
            }
        }
    }

    /**
     * Adds each plane's sums of the gradient from above {@code dy} and of {@code dy * xhat} to its channel's in
     * {@code dBeta} and {@code dGamma}.
     */
    public static void addGradientSums(float[] dy, float[] xhat, ChannelPlanes s, int fromPlane, int toPlane,
                                       double[] dBeta, double[] dGamma) {
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int ch = plane % s.c();
            double sum = 0, sumProduct = 0;
            for (int i = plane * s.plane(), stop = i + s.plane(); i < stop; i++) {
                sum += dy[i];
                sumProduct += (double) dy[i] * xhat[i];
            }
            dBeta[ch] += sum;
            dGamma[ch] += sumProduct;
        }
    }

    /**
     * The input gradient {@code dx = scale * (dy - meanDy - xhat * meanDyXhat)}, per channel ({@code scale}:
     * gamma / std), into {@code dx} (which may be {@code dy}).
     */
    public static void inputGradient(float[] dy, float[] xhat, ChannelPlanes s, float[] scale, float[] meanDy,
                                     float[] meanDyXhat, float[] dx, int fromPlane, int toPlane) {
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int ch = plane % s.c();
            float k = scale[ch], m = meanDy[ch], mx = meanDyXhat[ch];
            for (int i = plane * s.plane(), stop = i + s.plane(); i < stop; i++) {
                dx[i] = k * (dy[i] - m - xhat[i] * mx);
            }
        }
    }

    /** The parts' per-channel sums added up, in part order. */
    public static double[] addParts(double[][] parts) {
        double[] total = parts[0].clone();
        for (int p = 1; p < parts.length; p++) {
            for (int i = 0; i < total.length; i++) {
                total[i] += parts[p][i];
            }
        }
        return total;
    }
}
