package io.sparkcnn.benchmark.results;

import java.util.List;

/**
 * One measurement of one variant.
 *
 * @param variant       the variant's id ({@link Variant.Info#id()})
 * @param repeat        1-based; runs with the same repeat number ran one after the other
 * @param epochs        every timed epoch
 * @param trainImages   training images per epoch
 * @param testAccuracy  on the test set after the last epoch
 * @param peakRssMiB    peak resident memory of the process that trained, in MiB: this JVM (reset before every
 *                      measurement) or the peer's child JVM
 * @param peakRssSource how {@code peakRssMiB} was measured: {@code VmHWM} (exact), {@code sampled VmRSS} (where the
 *                      reset of VmHWM is refused) or {@code peer} (the child's own report)
 * @param heapPeakMiB   the Java heap's peak use during the measurement (sampled; null for peers)
 * @param engineVersion the peer engine's version (null for our own variants)
 * @param sparkParts    for Spark variants, where an epoch's time went (null for the others)
 * @param error         why the measurement failed (null when it did not); a failed run has no figures
 */
public record RunResult(String variant, int repeat, List<EpochTiming> epochs, int trainImages, Double testAccuracy,
                        Double peakRssMiB, String peakRssSource, Double heapPeakMiB, String engineVersion,
                        SparkEpochParts sparkParts, String error) {
    public RunResult {
        epochs = List.copyOf(epochs);
    }

    public static RunResult failed(String variant, int repeat, String error) {
        return new RunResult(variant, repeat, List.of(), 0, null, null, null, null, null, null, error);
    }

    public boolean ok() {
        return error == null;
    }
}
