package io.sparkcnn.output;

import java.util.List;
import java.util.stream.IntStream;

import io.sparkcnn.data.ImageShape;

/**
 * What a saved model needs besides its weights to be used on its own: its zoo name, the data it was trained on,
 * the class names, and the images it expects (height, width, channels). Stored inside {@code model.zip} by
 * {@link ModelFile}.
 */
public record ModelInfo(String model, String dataset, List<String> labelNames, int rows, int cols, int channels) {
    public ModelInfo {
        // Model files written before colour images were supported record no channels: they were all gray.
        channels = channels == 0 ? ImageShape.GRAY : channels;
    }

    public ModelInfo(String model, String dataset, List<String> labelNames, ImageShape shape) {
        this(model, dataset, labelNames, shape.rows(), shape.cols(), shape.channels());
    }

    /** The images the model takes. */
    public ImageShape shape() {
        return new ImageShape(rows, cols, channels);
    }

    /** For a DL4J model zip written by something else: digits as class names, MNIST's image size. */
    public static ModelInfo unknown(int numClasses) {
        return new ModelInfo("unknown", "unknown", IntStream.range(0, numClasses).mapToObj(Integer::toString).toList(),
                ImageShape.MNIST);
    }
}
