package io.sparkcnn.layers.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What the tests comparing a fast layer with DL4J's share. */
final class LayerTesting {
    private LayerTesting() {
    }

    /** Same shape, and no element further from the expected one than {@code tolerance} x its largest magnitude. */
    static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + ": shape");
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * scale, what + ": largest difference " + diff + " (scale " + scale + ")");
    }

    /** One-hot labels of {@code classes} classes, example i of class 3i mod classes. */
    static INDArray labels(int examples, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, examples, classes);
        for (int i = 0; i < examples; i++) {
            y.putScalar(i, (i * 3) % classes, 1f);
        }
        return y;
    }

    /** Runs {@code body} with minibatches split into three parts (this machine's core count would give two). */
    static void inThreeParts(Runnable body) {
        inParts(3, body);
    }

    /** Runs {@code body} with minibatches split into {@code parts} parts; the threads' share restored after. */
    static void inParts(int parts, Runnable body) {
        int before = Nd4j.getEnvironment().maxMasterThreads();
        Nd4j.getEnvironment().setMaxMasterThreads(parts);
        try {
            body.run();
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(before);
        }
    }
}
