package io.sparkcnn.jobs;

import java.util.List;

/** Class names for fixture datasets. */
final class ModelSpecs {
    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private ModelSpecs() {
    }
}
