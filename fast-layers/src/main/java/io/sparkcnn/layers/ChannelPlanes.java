package io.sparkcnn.layers;

/** Images, channels and positions per channel plane (one channel of one image) of an NCHW array. */
record ChannelPlanes(int n, int c, int plane) {
    static ChannelPlanes of(long[] nchw) {
        return new ChannelPlanes((int) nchw[0], (int) nchw[1], (int) (nchw[2] * nchw[3]));
    }

    /** Elements per image. */
    int image() {
        return c * plane;
    }

    int length() {
        return n * image();
    }
}
