package io.sparkcnn.replica;

/**
 * The replicas an executor keeps from one averaging round to the next: a round's task continues with a replica an
 * earlier task of the same epoch trained, loaded with the round's averaged parameters and optimiser state. A new
 * replica every round cost ~4 ms to build and ~12 ms more in its first minibatch (DL4J's workspaces and the fast
 * layers' buffers allocated anew): ~16 ms a round for each replica, against ~300 ms of fitting (BENCHMARKS.md).
 *
 * <p>Any idle replica of the epoch will do, since every round overwrites all of its state; so an executor keeps at
 * most as many as it runs tasks at once, whichever partitions the scheduler gives it ({@link NetworkPool}: one task at
 * a time per replica). The key's configuration is the epoch's configuration broadcast (the learning rate changes):
 * replicas of another epoch or another application are dropped when a task of the next one looks for its own.
 */
public final class ReplicaPool {
    private static final NetworkPool<CountingNetwork> IDLE = new NetworkPool<>();

    private ReplicaPool() {
    }

    /** An idle replica for {@code key}, taken out of the pool; null when there is none (or {@code key} is null). */
    static CountingNetwork take(NetworkPool.Key key) {
        return IDLE.take(key);
    }

    /** Keeps {@code replica} for a later task with the same key (none when {@code key} is null). */
    static void giveBack(NetworkPool.Key key, CountingNetwork replica) {
        IDLE.giveBack(key, replica);
    }

    /** Drops every replica kept in this JVM (the driver's, in local mode, at the end of an epoch). */
    public static void clear() {
        IDLE.clear();
    }

    /** How many replicas this JVM keeps. */
    static int size() {
        return IDLE.size();
    }
}
