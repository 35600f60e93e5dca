package io.sparkcnn.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the real datasets are for tests: the original MNIST beside the checkout, Fashion-MNIST from Debian. */
public final class TestData {
    private TestData() {
    }

    /** {@code ../shared/datasets/mnist} relative to the repository root (found by walking up from here). */
    public static Path sharedMnist() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/mnist");
            if (Files.isRegularFile(candidate.resolve("train-images-idx3-ubyte.gz"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("MNIST not found in any shared/datasets/mnist above " + Path.of("").toAbsolutePath());
    }
}
