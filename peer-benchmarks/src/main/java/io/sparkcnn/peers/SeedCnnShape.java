package io.sparkcnn.peers;

/**
 * The seed CNN's sizes, shared by both engines: 28x28x1 → conv 3x3 (valid) 26x26x32 → pool 13x13x32 → conv 3x3
 * 11x11x32 → pool 5x5x32 = 800 → dense 128 → 10 classes.
 */
public final class SeedCnnShape {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int KERNEL = 3;
    public static final int FILTERS = 32;
    /** Side of the second pooling layer's output: ((28 - 2) / 2 - 2) / 2, rounded down. */
    public static final int POOLED_SIDE = 5;
    public static final int FLATTENED = POOLED_SIDE * POOLED_SIDE * FILTERS;
    public static final int HIDDEN = 128;
    public static final int CLASSES = 10;

    public static final float LEARNING_RATE = 1e-3f;
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    /** PyTorch's default; Keras would use 1e-7. Both engines get the same value. */
    public static final float EPSILON = 1e-8f;

    private SeedCnnShape() {
    }
}
