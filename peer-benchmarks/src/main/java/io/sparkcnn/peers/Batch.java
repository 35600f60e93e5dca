package io.sparkcnn.peers;

/**
 * Images and labels of one minibatch: {@code size()} images of 28x28 pixels scaled to [0, 1], row-major, one
 * after another (the same bytes serve as NHWC and as NCHW, there being one channel).
 */
public record Batch(float[] pixels, int[] labels) {
    public Batch {
        if (pixels.length != labels.length * SeedCnnShape.PIXELS) {
            throw new IllegalArgumentException(pixels.length + " pixels for " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }
}
