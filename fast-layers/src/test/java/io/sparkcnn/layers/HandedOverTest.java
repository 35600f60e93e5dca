package io.sparkcnn.layers;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HandedOverTest {
    @Test
    void theCopyGoesOnlyToTheSameArrayAndOnlyOnce() {
        INDArray given = Nd4j.zeros(DataType.FLOAT, 2, 3);
        float[] copy = new float[6];
        HandedOver.give(given, copy);
        assertSame(copy, HandedOver.take(given));
        assertNull(HandedOver.take(given), "taken twice");
    }

    @Test
    void anotherArrayWithTheSameContentsGetsNothingAndClearsTheSlot() {
        INDArray given = Nd4j.zeros(DataType.FLOAT, 2, 3);
        HandedOver.give(given, new float[6]);
        assertNull(HandedOver.take(given.dup()));
        // A layer in between that took nothing still ends the hand-over: its input is not the given array any more.
        assertNull(HandedOver.take(given));
    }

    @Test
    void anotherThreadSeesNothing() throws InterruptedException {
        INDArray given = Nd4j.zeros(DataType.FLOAT, 2, 3);
        float[] copy = new float[6];
        HandedOver.give(given, copy);
        AtomicReference<float[]> seen = new AtomicReference<>(new float[0]);
        Thread other = new Thread(() -> seen.set(HandedOver.take(given)));
        other.start();
        other.join();
        assertNull(seen.get(), "another replica's thread");
        assertSame(copy, HandedOver.take(given));
    }
}
