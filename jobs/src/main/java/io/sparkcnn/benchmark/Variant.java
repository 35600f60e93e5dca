package io.sparkcnn.benchmark;

import io.sparkcnn.benchmark.results.RunResult;

/**
 * One way of training for the same images, measured {@code repeats} times.
 */
public interface Variant {
    /**
     * What a variant is, for the report: a stable id, a label for the table, and how it trains.
     *
     * @param layers the layer implementation ({@code fast}, {@code dl4j}); null for peers
     */
    record Info(String id, String label, Kind kind, String model, String layers, int replicas,
                Integer threadsPerReplica) {
    }

    /** The kinds of variant, in the order the table lists them. */
    enum Kind {
        SINGLE_REPLICA, SPARK_AVERAGING, PEER
    }

    Info info();

    /** Trains once from fresh weights and returns the figures (or the failure: peers may fail without the rest). */
    RunResult run(BenchmarkContext context, int repeat);
}
