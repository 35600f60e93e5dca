package io.sparkcnn.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CostModelTest {
    /** Fashion-MNIST's 938 minibatches of 64, 8 ms each, 20 ms a round, 1.36 MB a state, averaging every 20. */
    private final CostModel model = new CostModel(938, 0.008, 0.020, 1_360_000, 20);

    @Test
    void roundsFollowTheTrainersFrequencyForTheWorkers() {
        assertEquals(46, model.rounds(1));
        assertEquals(23, model.rounds(2));
        assertEquals(23, model.rounds(8)); // every 5
        assertEquals(29, model.rounds(16)); // every 2
        assertEquals(7, model.rounds(128)); // every minibatch
    }

    @Test
    void anEpochIsTheReplicasComputePlusEveryRoundsFixedCostAndTransfer() {
        assertEquals(938 * 0.008, model.epochSeconds(1, 1e9, null), 1e-12);
        // 8 hosts at 1 Gbit/s through the driver: 118 minibatches each; 23 rounds of 20 ms + 2 * 8 * 1.36 MB.
        double transfer = 2.0 * 8 * 1_360_000 * 8 / 1e9;
        assertEquals(118 * 0.008 + 23 * (0.020 + transfer), model.epochSeconds(8, 1e9,
                CostModel.Exchange.THROUGH_DRIVER), 1e-12);
        // A ring moves 2 S (K - 1) / K over each link, whatever the hosts.
        double ring = 2.0 * 1_360_000 * 7 / 8 * 8 / 1e9;
        assertEquals(118 * 0.008 + 23 * (0.020 + ring), model.epochSeconds(8, 1e9, CostModel.Exchange.RING), 1e-12);
    }

    @Test
    void theDriversLinkBecomesTheBottleneckAsHostsAreAdded() {
        double at8 = model.epochSeconds(8, 1e9, CostModel.Exchange.THROUGH_DRIVER);
        double at32 = model.epochSeconds(32, 1e9, CostModel.Exchange.THROUGH_DRIVER);
        assertTrue(at32 > at8, "more hosts, slower epochs through the driver: " + at8 + " -> " + at32);
        assertTrue(model.epochSeconds(32, 1e9, CostModel.Exchange.RING) < at8);
        String table = model.markdown(List.of(8), List.of(1.0, 10.0));
        assertTrue(table.contains("| 8 | 1 Gbit/s | 23 |"), table);
    }
}
