package io.sparkcnn.output;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What a saved model needs besides its weights to be used on its own: its zoo name, the data it was trained on,
 * the class names, and the image size it expects. Stored inside {@code model.zip} by {@link ModelFile}.
 */
public record ModelInfo(String model, String dataset, List<String> labelNames, int rows, int cols) {

    /** For a DL4J model zip written by something else: digits as class names, MNIST's image size. */
    public static ModelInfo unknown(int numClasses) {
        return new ModelInfo("unknown", "unknown", IntStream.range(0, numClasses).mapToObj(Integer::toString).toList(),
                28, 28);
    }
}
