package io.sparkcnn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.WorkerScalingRule;
import org.junit.jupiter.api.Test;

/** What scales with the workers: one worker trains as before; the learning rate grows as the square root. */
class WorkerScalingTest {

    @Test
    void learningRateGrowsAsTheSquareRootAndRoundsPerEpochStayThoseOfTwoWorkers() {
        assertEquals(new WorkerScaling(1, 1.0, 20), scaling(1));
        assertEquals(new WorkerScaling(2, Math.sqrt(2), 20), scaling(2));
        assertEquals(new WorkerScaling(4, 2.0, 10), scaling(4));
        assertEquals(new WorkerScaling(8, Math.sqrt(8), 5), scaling(8));
        assertEquals(new WorkerScaling(16, 4.0, 2), scaling(16));
        assertEquals(new WorkerScaling(64, 8.0, 1), scaling(64));
        assertEquals(new AveragingSettings(8, 5, 8), scaling(8).applyTo(new AveragingSettings(8, 20, 8)));
    }

    @Test
    void theScalingCanBeTurnedOff() {
        AveragingSettings plain = new AveragingSettings(8, 20, 8).withScaling(WorkerScalingRule.NONE);
        assertEquals(new WorkerScaling(8, 1.0, 20), WorkerScaling.of(plain));
        assertEquals(plain, WorkerScaling.of(plain).applyTo(plain));
        assertEquals(WorkerScalingRule.NONE, WorkerScalingRule.parse("None"));
    }

    private static WorkerScaling scaling(int workers) {
        return WorkerScaling.of(new AveragingSettings(workers, 20, 8));
    }
}
