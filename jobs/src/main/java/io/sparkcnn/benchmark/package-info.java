/**
 * {@code spark-cnn benchmark}: measures, in one run on one machine, what the training paths cost. A
 * {@link io.sparkcnn.benchmark.Variant} is one way of training a model for the same images: a single replica
 * ({@code MultiLayerNetwork.fit} on in-memory minibatches), the project's own Spark parameter averaging
 * ({@link io.sparkcnn.jobs.TrainJob}) with N workers, or a peer framework in a child JVM (the optional
 * {@code peer-benchmarks} module, which nothing here depends on at build time).
 * {@link io.sparkcnn.benchmark.Benchmark} runs every variant {@code repeats} times, alternating between them so
 * that drift of the machine hits all alike, and {@link io.sparkcnn.benchmark.results.BenchmarkSummary} reduces the
 * runs to medians and to the ratios the performance targets are stated in. To measure a new kind of variant (another
 * layer implementation, another trainer), add a {@code Variant} and list it in {@link
 * io.sparkcnn.benchmark.Benchmark}. Not part of the test suite's measurements: tests run it tiny, for shape
 * only. docs/benchmark.md explains every figure.
 */
package io.sparkcnn.benchmark;
