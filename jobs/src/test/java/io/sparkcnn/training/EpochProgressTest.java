package io.sparkcnn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The epoch's figures count each round once: a round run again (its Spark job failed) counts as its last try. */
class EpochProgressTest {
    @Test
    void aRoundReportedAgainCountsOnceWithItsLastFigures() {
        try (EpochProgress progress = new EpochProgress(1, 1)) {
            progress.roundDone(1, 3, 1.0, new ReplicaDrift(0.1, 1), new CorrectCount(10, 16));
            progress.roundDone(2, 3, 9.0, new ReplicaDrift(0.9, 1), new CorrectCount(1, 16)); // the try that failed
            progress.roundDone(1, 3, 1.0, new ReplicaDrift(0.1, 1), new CorrectCount(10, 16));
            progress.roundDone(2, 3, 2.0, new ReplicaDrift(0.2, 1), new CorrectCount(12, 16));
            progress.roundDone(3, 3, 3.0, new ReplicaDrift(0.3, 1), new CorrectCount(14, 16));
            assertEquals(2.0, progress.meanLoss());
            assertEquals(List.of(0.1, 0.2, 0.3), progress.drifts());
            assertEquals(36.0 / 48, progress.trainingAccuracy(), 1e-12);
        }
    }
}
