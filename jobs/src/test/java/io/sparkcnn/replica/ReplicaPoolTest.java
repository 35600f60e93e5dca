package io.sparkcnn.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkcnn.models.ModelFixtures;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an executor keeps between averaging rounds: idle replicas of the running epoch, each for one task at a time. */
class ReplicaPoolTest {
    private final CountingNetwork a = replica(1);
    private final CountingNetwork b = replica(2);

    private static CountingNetwork replica(long seed) {
        MultiLayerNetwork network = ModelFixtures.network("mlp", seed);
        CountingNetwork replica = new CountingNetwork(network.getLayerWiseConfigurations());
        replica.init(network.params(), false);
        return replica;
    }

    @AfterEach
    void empty() {
        ReplicaPool.clear();
    }

    @Test
    void eachIdleReplicaGoesToOneTaskOfTheEpoch() {
        NetworkPool.Key epoch = new NetworkPool.Key("app", 7, -1);
        ReplicaPool.giveBack(epoch, a);
        ReplicaPool.giveBack(epoch, b);

        assertNull(ReplicaPool.take(new NetworkPool.Key("app", 7, 1)), "not on another GPU");
        MultiLayerNetwork first = ReplicaPool.take(epoch);
        MultiLayerNetwork second = ReplicaPool.take(epoch);
        assertNotNull(first);
        assertNotNull(second);
        assertNotSame(first, second, "two tasks at once get two replicas");
        assertNull(ReplicaPool.take(epoch), "taken out while their tasks train them");
    }

    @Test
    void anotherEpochOrApplicationDropsTheKeptReplicas() {
        ReplicaPool.giveBack(new NetworkPool.Key("app", 7, -1), a);
        ReplicaPool.giveBack(new NetworkPool.Key("app", 7, 1), b);

        assertNull(ReplicaPool.take(new NetworkPool.Key("app", 8, -1)), "the next epoch's configuration");
        assertEquals(0, ReplicaPool.size(), "the previous epoch's replicas are let go, on every GPU");

        ReplicaPool.giveBack(new NetworkPool.Key("app", 8, -1), a);
        assertNull(ReplicaPool.take(new NetworkPool.Key("other-app", 8, -1)));
        assertEquals(0, ReplicaPool.size());
    }

    @Test
    void nothingIsKeptWithoutAKey() {
        ReplicaPool.giveBack(null, a);
        assertEquals(0, ReplicaPool.size());
        assertNull(ReplicaPool.take(null));
    }
}
