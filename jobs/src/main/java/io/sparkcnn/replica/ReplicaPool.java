package io.sparkcnn.replica;

import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;

import org.apache.spark.SparkEnv;

/**
 * The replicas an executor keeps from one averaging round to the next: a round's task continues with a replica an
 * earlier task of the same epoch trained, loaded with the round's averaged parameters and optimiser state. A new
 * replica every round cost ~4 ms to build and ~12 ms more in its first minibatch (DL4J's workspaces and the fast
 * layers' buffers allocated anew): ~16 ms a round for each replica, against ~300 ms of fitting (BENCHMARKS.md).
 *
 * <p>Any idle replica of the epoch will do, since every round overwrites all of its state; so an executor keeps at
 * most as many as it runs tasks at once, whichever partitions the scheduler gives it. A task takes its replica out
 * while it trains it and gives it back at the end, so no two tasks ever share one (not even a speculative copy of the
 * same task); a task that fails does not give it back. Replicas of another epoch (another configuration broadcast:
 * the learning rate changes) or another application are dropped when a task of the next one looks for its own.
 */
public final class ReplicaPool {
    private static final ConcurrentMap<Key, Deque<CountingNetwork>> IDLE = new ConcurrentHashMap<>();

    private ReplicaPool() {
    }

    /**
     * Which replicas a task may take: those of its Spark application and epoch (the configuration broadcast), whose
     * arrays live on its GPU (-1: none).
     */
    record Key(String application, long configuration, int device) {
        /** The key for a task running in this executor, or null outside one (nothing is kept then). */
        static Key inThisExecutor(long configuration, int device) {
            SparkEnv env = SparkEnv.get();
            return env == null ? null : new Key(env.conf().getAppId(), configuration, device);
        }

        private boolean sameEpoch(Key other) {
            return application.equals(other.application) && configuration == other.configuration;
        }
    }

    /** An idle replica for {@code key}, taken out of the pool; null when there is none (or {@code key} is null). */
    static CountingNetwork take(Key key) {
        if (key == null) {
            return null;
        }
        IDLE.keySet().removeIf(kept -> !kept.sameEpoch(key));
        Deque<CountingNetwork> idle = IDLE.get(key);
        return idle == null ? null : idle.pollFirst();
    }

    /** Keeps {@code replica} for a later task with the same key (none when {@code key} is null). */
    static void giveBack(Key key, CountingNetwork replica) {
        if (key != null) {
            IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addFirst(replica);
        }
    }

    /** Drops every replica kept in this JVM (the driver's, in local mode, at the end of an epoch). */
    public static void clear() {
        IDLE.clear();
    }

    /** How many replicas this JVM keeps. */
    static int size() {
        return IDLE.values().stream().mapToInt(Deque::size).sum();
    }
}
