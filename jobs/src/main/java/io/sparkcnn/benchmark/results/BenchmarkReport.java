package io.sparkcnn.benchmark.results;

import java.util.List;
import java.util.Map;

import io.sparkcnn.benchmark.Variant;

/**
 * Everything a benchmark measured, as its {@code --output} JSON file holds it.
 *
 * @param commandLine the exact command line, from the subcommand on
 * @param gitCommit   the checkout's commit, when bin/spark-cnn could tell
 * @param machine     cores, CPU, memory, OS, Java and the load average when it started
 * @param versions    spark-cnn, Spark, DL4J/ND4J, Java, OS
 * @param settings    every setting, defaults included
 * @param dataset     name, where it was found, training and test images
 * @param variants    what was measured, in the order each repeat ran them
 * @param runs        every measurement, in the order they ran
 * @param summary     medians per variant and the comparisons the targets are stated in
 */
public record BenchmarkReport(String started, String finished, List<String> commandLine, String gitCommit,
                              MachineFacts machine, Map<String, String> versions, Map<String, Object> settings,
                              Map<String, Object> dataset, List<Variant.Info> variants, List<RunResult> runs,
                              BenchmarkSummary summary) {
}
