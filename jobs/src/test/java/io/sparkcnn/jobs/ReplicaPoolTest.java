package io.sparkcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an executor keeps between averaging rounds: a task's own replica, of the running epoch only. */
class ReplicaPoolTest {
    private final MultiLayerNetwork a = ModelCatalog.newNetwork("mlp", ModelSpec.mnistLike("mlp", 1));
    private final MultiLayerNetwork b = ModelCatalog.newNetwork("mlp", ModelSpec.mnistLike("mlp", 2));

    @AfterEach
    void empty() {
        ReplicaPool.clear();
    }

    @Test
    void aReplicaGoesToTheNextTaskOfItsPartitionOnce() {
        ReplicaPool.Key first = new ReplicaPool.Key("app", 7, 0, -1);
        ReplicaPool.Key second = new ReplicaPool.Key("app", 7, 1, -1);
        ReplicaPool.giveBack(first, a);
        ReplicaPool.giveBack(second, b);

        assertNull(ReplicaPool.take(new ReplicaPool.Key("app", 7, 0, 1)), "not on another GPU");
        assertSame(a, ReplicaPool.take(first));
        assertNull(ReplicaPool.take(first), "taken out while its task trains it");
        assertSame(b, ReplicaPool.take(second));
    }

    @Test
    void anotherEpochOrApplicationDropsTheKeptReplicas() {
        ReplicaPool.giveBack(new ReplicaPool.Key("app", 7, 0, -1), a);
        ReplicaPool.giveBack(new ReplicaPool.Key("app", 7, 1, -1), b);

        assertNull(ReplicaPool.take(new ReplicaPool.Key("app", 8, 0, -1)), "the next epoch's configuration");
        assertEquals(0, ReplicaPool.size(), "the previous epoch's replicas are let go");

        ReplicaPool.giveBack(new ReplicaPool.Key("app", 8, 0, -1), a);
        assertNull(ReplicaPool.take(new ReplicaPool.Key("other-app", 8, 0, -1)));
        assertEquals(0, ReplicaPool.size());
    }

    @Test
    void nothingIsKeptOutsideASparkTask() {
        assertNull(ReplicaPool.Key.ofThisTask(7, -1));
        ReplicaPool.giveBack(null, a);
        assertEquals(0, ReplicaPool.size());
        assertNull(ReplicaPool.take(null));
    }
}
