package io.sparkcnn.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.settings.WorkerScalingRule;
import org.junit.jupiter.api.Test;

class ScalingTableTest {
    private static final long STATE_BYTES = 1_000;

    /** A run whose epochs end at these test accuracies, with {@code rounds} averagings of the given drift each. */
    private static ScalingRun run(WorkerScalingRule rule, int workers, long seed, int rounds, double drift,
                                  double... accuracies) {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int e = 0; e < accuracies.length; e++) {
            epochs.add(new EpochMetrics(e + 1, 1e-3, 0.5, 0.9, 0.4, accuracies[e], 10.0 * workers, 9, 1, 6000,
                    java.util.Collections.nCopies(rounds, drift)));
        }
        return new ScalingRun(rule, workers, seed, epochs, STATE_BYTES, 938, 40 / workers);
    }

    /**
     * A run recorded before rounds and drift were: everything counts but its drift, and its rounds are those the
     * plan gives its frequency (938 minibatches, 8 workers, every 20: 5).
     */
    @Test
    void runsRecordedWithoutDriftCountForAllButDrift() {
        ScalingRun old = new ScalingRun(WorkerScalingRule.NONE, 8, 1, List.of(new EpochMetrics(1, 1e-3, 0.5, 0.9,
                0.4, 0.86, 10, 9, 1, 6000, null)), STATE_BYTES, 938, 20);
        assertEquals(5, old.rounds());
        assertEquals(0.2, old.roundSeconds(), 1e-12);
        ScalingTable table = ScalingTable.of(List.of(old, run(WorkerScalingRule.NONE, 8, 2, 5, 0.02, 0.88)));
        ScalingTable.Row row = table.rows().get(0);
        assertEquals(0.87, row.meanAccuracy(), 1e-12);
        assertEquals(0.02, row.meanDrift(), 1e-12, "from the run that recorded it");
        String alone = ScalingTable.of(List.of(old)).markdown();
        assertTrue(alone.contains("| 8 | none | 1 | 0.8600 | 0.8600 | 0.8600 | - | not reached | 5 | 0.1 | 10.0 | 9.0"
                + " | - |"), alone);
    }

    @Test
    void summarisesEachWorkerCountAgainstOneWorkersMeanAccuracy() {
        ScalingTable table = ScalingTable.of(List.of(
                run(WorkerScalingRule.SQRT, 1, 1, 47, 0, 0.88, 0.90),
                run(WorkerScalingRule.SQRT, 1, 2, 47, 0, 0.89, 0.92),
                // Reaches 0.91 after epoch 2 on one seed, never on the other.
                run(WorkerScalingRule.SQRT, 4, 1, 23, 0.01, 0.85, 0.91, 0.93),
                run(WorkerScalingRule.SQRT, 4, 2, 23, 0.03, 0.84, 0.88, 0.89),
                run(WorkerScalingRule.NONE, 4, 1, 12, 0.02, 0.80, 0.85, 0.87)));

        assertEquals(0.91, table.target(), 1e-12);
        assertEquals(3, table.rows().size());

        ScalingTable.Row one = table.rows().get(0);
        assertEquals("-", one.rule());
        assertEquals(2, one.seeds());
        assertEquals(0.91, one.meanAccuracy(), 1e-12);
        assertEquals(0, one.bytesPerEpoch(), "one worker exchanges nothing");
        assertEquals(0.0, one.meanDrift());

        ScalingTable.Row sqrt = table.rows().get(1);
        assertEquals("sqrt", sqrt.rule());
        assertEquals(4, sqrt.workers());
        assertEquals(0.91, sqrt.meanAccuracy(), 1e-12);
        assertEquals(0.89, sqrt.minAccuracy(), 1e-12);
        assertEquals(0.93, sqrt.maxAccuracy(), 1e-12);
        assertEquals(2.0, sqrt.epochsToTarget(), 1e-12);
        assertEquals(1, sqrt.seedsReached());
        assertEquals(23, sqrt.roundsPerEpoch());
        // Every worker sends its state and receives the average, every round.
        assertEquals(2L * 4 * 23 * STATE_BYTES, sqrt.bytesPerEpoch());
        assertEquals(40.0, sqrt.epochSeconds(), 1e-12);
        assertEquals(9.0, sqrt.fitSeconds(), 1e-12);
        assertEquals(0.02, sqrt.meanDrift(), 1e-12);

        ScalingTable.Row none = table.rows().get(2);
        assertEquals("none", none.rule());
        assertEquals(0, none.seedsReached());
        assertTrue(Double.isNaN(none.epochsToTarget()));

        String markdown = table.markdown();
        assertTrue(markdown.contains("| 4 | sqrt | 2 | 0.9100 | 0.8900 | 0.9300 | +0.00 | 2.0 (1 of 2 seeds) | 23 |"),
                markdown);
        assertTrue(markdown.contains("| 4 | none | 1 | 0.8700 | 0.8700 | 0.8700 | -4.00 | not reached | 12 |"),
                markdown);
    }
}
