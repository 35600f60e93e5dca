/**
 * What a benchmark run found: each variant's runs ({@link io.sparkcnn.benchmark.results.RunResult}), reduced to
 * medians and target ratios ({@link io.sparkcnn.benchmark.results.BenchmarkSummary}), where a Spark epoch's time
 * goes, the machine it ran on, and the table and JSON report they are written as.
 */
package io.sparkcnn.benchmark.results;
