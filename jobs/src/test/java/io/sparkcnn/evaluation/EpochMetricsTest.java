package io.sparkcnn.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.sparkcnn.output.StagedOutput;
import org.junit.jupiter.api.Test;

/**
 * metrics.json and checkpoints say what the training accuracy was measured on: the training passes during the epoch
 * ({@code trainAccuracyDuringEpoch}). Runs recorded before (a training sample after the epoch, {@code trainAccuracy})
 * are still read, by {@code visualize}, the scaling study and {@code --resume}, with that figure left out rather
 * than passed off as the other.
 */
class EpochMetricsTest {
    @Test
    void writesTheTrainingAccuracyAsMeasuredDuringTheEpoch() throws Exception {
        EpochMetrics m = new EpochMetrics(1, 1e-3, 0.5, 0.81, 0.4, 0.86, 10, 9, 1, 6000, List.of(0.02));
        String json = StagedOutput.JSON.writeValueAsString(m);
        assertTrue(json.contains("\"trainAccuracyDuringEpoch\" : 0.81"), json);
        assertEquals(m, StagedOutput.JSON.readValue(json, EpochMetrics.class));
    }

    @Test
    void readsARunRecordedWithATrainingSampleWithoutItsFigure() throws Exception {
        String old = "{\"epoch\":1,\"learningRate\":0.001,\"trainLoss\":0.5,\"trainAccuracy\":0.86,\"testLoss\":0.4,"
                + "\"testAccuracy\":0.86,\"trainSeconds\":10,\"fitSeconds\":9,\"evalSeconds\":2,"
                + "\"imagesPerSecond\":6000,\"roundDrift\":[0.02]}";
        EpochMetrics m = StagedOutput.JSON.readValue(old, EpochMetrics.class);
        assertNull(m.trainAccuracyDuringEpoch());
        assertTrue(Double.isNaN(m.trainAccuracyOrNaN()));
        assertEquals(0.86, m.testAccuracy());
    }

    @Test
    void anUncountedAccuracyIsNotRecorded() {
        EpochMetrics m = new EpochMetrics(1, 1e-3, 0.5, Double.NaN, 0.4, 0.86, 10, 9, 1, 6000, List.of());
        assertNull(m.trainAccuracyDuringEpoch());
    }
}
