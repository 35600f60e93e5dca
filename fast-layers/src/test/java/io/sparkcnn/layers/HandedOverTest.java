package io.sparkcnn.layers;

import static io.sparkcnn.layers.LayerTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        HandedOver.give(given, copy, true);
        assertSame(copy, HandedOver.take(given, true));
        assertNull(HandedOver.take(given, true), "taken twice");
    }

    @Test
    void anotherArrayWithTheSameContentsGetsNothingAndClearsTheSlot() {
        INDArray given = Nd4j.zeros(DataType.FLOAT, 2, 3);
        HandedOver.give(given, new float[6], true);
        assertNull(HandedOver.take(given.dup(), true));
        // A layer in between that took nothing still ends the hand-over: its input is not the given array any more.
        assertNull(HandedOver.take(given, true));
    }

    @Test
    void anotherThreadSeesNothing() throws InterruptedException {
        INDArray given = Nd4j.zeros(DataType.FLOAT, 2, 3);
        float[] copy = new float[6];
        HandedOver.give(given, copy, true);
        AtomicReference<float[]> seen = new AtomicReference<>(new float[0]);
        Thread other = new Thread(() -> seen.set(HandedOver.take(given, true)));
        other.start();
        other.join();
        assertNull(seen.get(), "another replica's thread");
        assertSame(copy, HandedOver.take(given, true));
    }

    @Test
    void anUnwrittenArrayIsWrittenForATakerThatCannotUseTheCopy() {
        INDArray given = Nd4j.zeros(DataType.FLOAT, 2, 3);
        float[] copy = {1, 2, 3, 4, 5, 6};
        HandedOver.give(given, copy, false);
        assertNull(HandedOver.take(given, false));
        assertClose(Nd4j.createFromArray(copy).reshape(2, 3), given, 0, "the array, written on demand");
    }

    @Test
    void anUnwrittenArrayReachingAnotherReaderIsAnError() {
        INDArray given = Nd4j.zeros(DataType.FLOAT, 2, 3);
        HandedOver.give(given, new float[6], false);
        assertThrows(IllegalStateException.class, () -> HandedOver.take(Nd4j.zeros(DataType.FLOAT, 2, 3), true));
    }
}
