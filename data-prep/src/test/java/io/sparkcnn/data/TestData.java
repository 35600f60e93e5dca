package io.sparkcnn.data;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** Where the real datasets are for tests: the original MNIST beside the checkout, Fashion-MNIST from Debian. */
public final class TestData {
    private TestData() {
    }

    /**
     * {@code shared/datasets/mnist} beside the checkout (found by walking up from here). Present on the
     * project's development and CI machines; a test that needs it is skipped, and says so, elsewhere.
     */
    public static Path sharedMnist() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/mnist");
            if (Files.isRegularFile(candidate.resolve("train-images-idx3-ubyte.gz"))) {
                return candidate;
            }
        }
        Assumptions.abort("the original MNIST files are not in any shared/datasets/mnist above "
                + Path.of("").toAbsolutePath());
        return null;
    }
}
