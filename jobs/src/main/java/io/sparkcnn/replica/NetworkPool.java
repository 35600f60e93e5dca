package io.sparkcnn.replica;

import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;

import org.apache.spark.SparkEnv;

/**
 * Networks an executor keeps from one Spark task to a later one, under a key: the application, a broadcast
 * configuration the networks were built from, and the GPU their arrays live on. A task takes a network out while it
 * uses it and gives it back at the end, so that tasks running at once in one executor never share one (nor does a
 * speculative copy of a task); a task that fails does not give it back. Networks of another configuration or
 * application are dropped when a task of the next one looks for its own.
 *
 * @param <T> the kind of network kept
 */
public final class NetworkPool<T> {
    private final ConcurrentMap<Key, Deque<T>> idle = new ConcurrentHashMap<>();

    /**
     * Which networks a task may take: those of its Spark application and configuration broadcast (its id), whose
     * arrays live on its GPU (-1: none).
     */
    public record Key(String application, long configuration, int device) {
        /** The key for a task running in this executor, or null outside one (nothing is kept then). */
        public static Key inThisExecutor(long configuration, int device) {
            SparkEnv env = SparkEnv.get();
            return env == null ? null : new Key(env.conf().getAppId(), configuration, device);
        }

        private boolean sameConfiguration(Key other) {
            return application.equals(other.application) && configuration == other.configuration;
        }
    }

    /** An idle network for {@code key}, taken out of the pool; null when there is none (or {@code key} is null). */
    public T take(Key key) {
        if (key == null) {
            return null;
        }
        idle.keySet().removeIf(kept -> !kept.sameConfiguration(key));
        Deque<T> networks = idle.get(key);
        return networks == null ? null : networks.pollFirst();
    }

    /** Keeps {@code network} for a later task with the same key (none when {@code key} is null). */
    public void giveBack(Key key, T network) {
        if (key != null) {
            idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addFirst(network);
        }
    }

    /** Drops every network kept. */
    public void clear() {
        idle.clear();
    }

    /** How many networks are kept. */
    public int size() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }
}
