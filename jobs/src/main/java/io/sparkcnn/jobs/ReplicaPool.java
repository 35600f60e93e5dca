package io.sparkcnn.jobs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The replicas an executor keeps from one averaging round to the next, so that a round's task continues with the
 * replica the same partition trained in the round before, loaded with the round's averaged parameters. A new replica
 * every round cost ~4 ms to build and ~12 ms more in its first minibatch (DL4J's workspaces and the fast layers'
 * buffers allocated anew): ~16 ms a round for each replica, against ~300 ms of fitting (BENCHMARKS.md).
 *
 * <p>A task takes its replica out while it trains it and gives it back at the end, so no two tasks ever share one
 * (not even a speculative copy of the same task); a task that fails does not give it back. Replicas of another epoch
 * (another configuration broadcast: the learning rate changes) or another application are dropped.
 */
final class ReplicaPool {
    private static final ConcurrentMap<Key, MultiLayerNetwork> IDLE = new ConcurrentHashMap<>();

    private ReplicaPool() {
    }

    /**
     * Whose replica: the Spark application, the epoch's configuration broadcast, the partition of the round's files
     * the task trains on, and the GPU its arrays live on (-1: none).
     */
    record Key(String application, long configuration, int partition, int device) {
        /** The key of the task running on this thread, or null outside a Spark task (nothing is kept then). */
        static Key ofThisTask(long configuration, int device) {
            TaskContext task = TaskContext.get();
            SparkEnv env = SparkEnv.get();
            if (task == null || env == null) {
                return null;
            }
            return new Key(env.conf().getAppId(), configuration, task.partitionId(), device);
        }

        private boolean sameEpoch(Key other) {
            return application.equals(other.application) && configuration == other.configuration;
        }
    }

    /** The replica kept for {@code key}, taken out of the pool; null when there is none (or {@code key} is null). */
    static MultiLayerNetwork take(Key key) {
        if (key == null) {
            return null;
        }
        IDLE.keySet().removeIf(kept -> !kept.sameEpoch(key));
        return IDLE.remove(key);
    }

    /** Keeps {@code replica} for the next round's task with the same key (none when {@code key} is null). */
    static void giveBack(Key key, MultiLayerNetwork replica) {
        if (key != null) {
            IDLE.put(key, replica);
        }
    }

    /** Drops every replica kept in this JVM (the driver's, in local mode, at the end of an epoch). */
    static void clear() {
        IDLE.clear();
    }

    /** How many replicas this JVM keeps. */
    static int size() {
        return IDLE.size();
    }
}
