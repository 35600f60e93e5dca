package io.sparkcnn.layers.runtime;

import static io.sparkcnn.layers.runtime.LayerTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The slot's rules, exercised inside a real training step (a listener's forward-pass callback runs within it) of the
 * test network: layer 0 a convolution, layer 1 a max pooling that reads its input from a copy, layer 3 another pooling.
 */
class HandedOverTest {
    private final INDArray given = Nd4j.zeros(DataType.FLOAT, 2, 3);
    private final float[] copy = {1, 2, 3, 4, 5, 6};

    @Test
    void theCopyGoesOnlyToTheDirectReaderOfTheSameArrayAndOnlyOnce() {
        inTrainingStep((conv, pool, otherPool) -> {
            HandedOver.give(conv, true, given, copy, true);
            assertNull(HandedOver.take(otherPool, given, true), "a layer that is not the direct reader");
            HandedOver.give(conv, true, given, copy, true);
            assertNull(HandedOver.take(pool, given.dup(), true), "another array with the same contents");
            HandedOver.give(conv, true, given, copy, true);
            assertSame(copy, HandedOver.take(pool, given, true));
            assertNull(HandedOver.take(pool, given, true), "taken twice");
        });
    }

    @Test
    void nothingIsHandedOverOutsideATrainingStep() {
        Layer[] layers = FastLayersMatchDl4jTest.network(true).getLayers();
        HandedOver.give(layers[0], true, given, copy, true);
        assertNull(HandedOver.take(layers[1], given, true));
        assertThrows(IllegalStateException.class, () -> HandedOver.give(layers[0], true, given, copy, false),
                "an array left unwritten with nobody to read the copy");
    }

    @Test
    void anotherThreadSeesNothing() {
        inTrainingStep((conv, pool, otherPool) -> {
            HandedOver.give(conv, true, given, copy, true);
            AtomicReference<float[]> seen = new AtomicReference<>(new float[0]);
            Thread other = new Thread(() -> seen.set(HandedOver.take(pool, given, true)));
            other.start();
            assertDoesNotThrow(() -> other.join());
            assertNull(seen.get(), "another replica's thread");
            assertSame(copy, HandedOver.take(pool, given, true));
        });
    }

    @Test
    void anUnwrittenArrayIsWrittenForATakerThatCannotUseTheCopy() {
        inTrainingStep((conv, pool, otherPool) -> {
            HandedOver.give(conv, true, given, copy, false);
            assertNull(HandedOver.take(pool, given, false));
            assertClose(Nd4j.createFromArray(copy).reshape(2, 3), given, 0, "the array, written on demand");
        });
    }

    @Test
    void anUnwrittenArrayReachingAnotherReaderIsAnError() {
        inTrainingStep((conv, pool, otherPool) -> {
            HandedOver.give(conv, true, given, copy, false);
            assertThrows(IllegalStateException.class, () -> HandedOver.take(pool, given.dup(), true));
        });
    }

    /**
     * A convolution's output pooled by the convolution itself goes, pooled, to the pooling above only, once; anything
     * reading it dense is an error (its elements were never computed).
     */
    @Test
    void aPooledOutputGoesOnlyToThePoolingAboveAndIsNeverReadDense() {
        PooledOutput pooled = new PooledOutput(new float[] {1}, new int[] {0});
        inTrainingStep((conv, pool, otherPool) -> {
            HandedOver.givePooled(conv, given, pooled);
            assertNull(HandedOver.takePooled(otherPool, given), "a layer that is not the direct reader");
            assertThrows(IllegalStateException.class, () -> HandedOver.take(pool, given, true), "read dense");
            HandedOver.givePooled(conv, given, pooled);
            assertSame(pooled, HandedOver.takePooled(pool, given));
            assertNull(HandedOver.takePooled(pool, given), "taken twice");
        });
    }

    private interface StepBody {
        void run(Layer conv, Layer pool, Layer otherPool);
    }

    /** Runs {@code body} inside one training step of the test network, then lets the step go on with a clean slot. */
    private static void inTrainingStep(StepBody body) {
        TrainingNetwork net = new TrainingNetwork(FastLayersMatchDl4jTest.network(true).getLayerWiseConfigurations());
        net.init();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                try {
                    body.run(net.getLayer(0), net.getLayer(1), net.getLayer(3));
                } catch (Throwable t) {
                    failure.set(t);
                }
                HandedOver.clear();
            }
        });
        Nd4j.getRandom().setSeed(2);
        net.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 4, 28 * 28), LayerTesting.labels(4, 4)));
        if (failure.get() instanceof AssertionError e) {
            throw e;
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
    }
}
