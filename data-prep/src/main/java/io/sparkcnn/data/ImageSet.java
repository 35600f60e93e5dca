package io.sparkcnn.data;

/**
 * Images as read from an IDX file: {@code count} images of {@code rows x cols} unsigned bytes, row-major,
 * one image after another.
 */
public record ImageSet(String source, int count, int rows, int cols, byte[] pixels) {
    public int pixelsPerImage() {
        return rows * cols;
    }
}
