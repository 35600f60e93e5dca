package io.sparkcnn.layers.runtime;

import static io.sparkcnn.layers.runtime.LayerTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sparkcnn.layers.conf.FastAdam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/** Spark-cnn's Adam takes ND4J's steps: same updates, same moments, step after step. */
class FastAdamUpdaterTest {

    /** 1000 parameters run on one thread; 50,000 are split over the threads (in three parts in the second run). */
    @ParameterizedTest
    @ValueSource(ints = {1000, 50_000})
    void stepsMatchNd4jsAdam(int parameters) {
        matchNd4j(parameters);
        LayerTesting.inThreeParts(() -> matchNd4j(parameters));
    }

    private static void matchNd4j(int parameters) {
        Adam dl4jConfig = new Adam(3e-3);
        FastAdam fastConfig = new FastAdam(3e-3);
        INDArray dl4jState = Nd4j.zeros(DataType.FLOAT, 1, 2L * parameters);
        INDArray fastState = Nd4j.zeros(DataType.FLOAT, 1, 2L * parameters);
        GradientUpdater<?> dl4j = dl4jConfig.instantiate(dl4jState, true);
        GradientUpdater<?> fast = fastConfig.instantiate(fastState, true);
        assertInstanceOf(FastAdamUpdater.class, fast);
        Nd4j.getRandom().setSeed(parameters);
        for (int iteration = 0; iteration < 4; iteration++) {
            INDArray gradient = Nd4j.randn(DataType.FLOAT, 1, parameters).muli(0.1);
            INDArray expected = gradient.dup();
            INDArray actual = gradient.dup();
            dl4j.applyUpdater(expected, iteration, 0);
            fast.applyUpdater(actual, iteration, 0);
            assertClose(expected, actual, 1e-5, "update at iteration " + iteration);
            assertClose(dl4jState, fastState, 1e-5, "moments after iteration " + iteration);
        }
    }

    @Test
    void copiesStayFastAndEqualToAdamsOwn() {
        FastAdam config = new FastAdam(0.01);
        config.setBeta2(0.99);
        Adam copy = config.clone();
        assertInstanceOf(FastAdam.class, copy);
        assertEquals(config, copy);
        assertEquals(0.99, copy.getBeta2());
    }
}
