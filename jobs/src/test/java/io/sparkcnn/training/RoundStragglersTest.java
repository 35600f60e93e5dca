package io.sparkcnn.training;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The replica the others waited for is named with its host once the waiting is more than noise. */
class RoundStragglersTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void namesTheWorkerWaitedForMost() {
        RoundStragglers stragglers = new RoundStragglers();
        stragglers.lastArrival(1, 0, "10.77.0.5", SECOND / 10);
        stragglers.lastArrival(2, 1, "10.77.0.6", 3 * SECOND);
        stragglers.lastArrival(3, 1, "10.77.0.6", 4 * SECOND);
        String summary = stragglers.summary();
        assertTrue(summary.startsWith("straggler: worker 1 on 10.77.0.6 arrived last in 2 rounds; the others waited"
                + " 7.0 s for it in all"), summary);
    }

    @Test
    void saysNothingAboutNoise() {
        RoundStragglers stragglers = new RoundStragglers();
        for (int round = 1; round <= 40; round++) {
            stragglers.lastArrival(round, round % 2, round % 2 == 0 ? "a" : "b", SECOND / 10);
        }
        assertNull(stragglers.summary(), "2 s of waiting per worker over 40 rounds is replicas sharing cores");
    }
}
