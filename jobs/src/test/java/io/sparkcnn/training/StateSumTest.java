package io.sparkcnn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StateSumTest {
    /**
     * Replicas at (1, 2) and (3, 6): their mean is (2, 4), each is sqrt(5) from it, and the mean's norm is
     * sqrt(20). The same whichever order or grouping the states are added in, as the coordinator and a tree
     * aggregate add them differently.
     */
    @Test
    void driftIsTheReplicasRootMeanSquareDistanceFromTheirMean() {
        StateSum sum = StateSum.of(new float[] {1, 2}, null, 0.5).merge(StateSum.of(new float[] {3, 6}, null, 1.5));
        ReplicaDrift drift = sum.drift();
        assertEquals(Math.sqrt(5), drift.distance(), 1e-12);
        assertEquals(Math.sqrt(20), drift.meanNorm(), 1e-12);
        assertEquals(0.5, drift.relative(), 1e-12);
        assertEquals(1.0, sum.meanLoss(), 1e-12);

        // Three replicas, two of them summed first: (0, 0), (0, 3), (3, 0); mean (1, 1); squared distances 2, 5, 5.
        StateSum pair = StateSum.of(new float[] {0, 3}, null, 0).merge(StateSum.of(new float[] {3, 0}, null, 0));
        StateSum three = StateSum.of(new float[] {0, 0}, null, 0).merge(pair);
        assertEquals(Math.sqrt(12.0 / 3), three.drift().distance(), 1e-12);
    }

    @Test
    void oneReplicaHasNoDriftAndNoReplicaHasNone() {
        assertEquals(0.0, StateSum.of(new float[] {1, 2}, null, 0).drift().distance());
        assertTrue(Double.isNaN(new StateSum().drift().distance()));
    }
}
