package io.sparkcnn.layers.kernels;

/** Images, channels and positions per channel plane (one channel of one image) of an NCHW array. */
public record ChannelPlanes(int n, int c, int plane) {
    public static ChannelPlanes of(long[] nchw) {
        return new ChannelPlanes((int) nchw[0], (int) nchw[1], (int) (nchw[2] * nchw[3]));
    }

    /** Elements per image. */
    public int image() {
        return c * plane;
    }

    public int length() {
        return n * image();
    }
}
