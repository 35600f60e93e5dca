package io.sparkcnn.data;

/**
 * Images as read from a file or folder: {@code count} images of one {@link ImageShape}, unsigned bytes, one image
 * after another, each as channel planes.
 */
public record ImageSet(String source, int count, ImageShape shape, byte[] pixels) {
    public int rows() {
        return shape.rows();
    }

    public int cols() {
        return shape.cols();
    }

    public int pixelsPerImage() {
        return shape.pixels();
    }
}
