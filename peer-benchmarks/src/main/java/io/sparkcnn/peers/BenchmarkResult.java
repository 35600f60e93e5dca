package io.sparkcnn.peers;

import java.util.List;

/** What one benchmark run measured, as written to the JSON line. */
public record BenchmarkResult(String engine, String engineVersion, int threads, int batchSize, int trainImages,
                              List<EpochTiming> epochs, double testAccuracy, double peakRssMiB) {

    public BenchmarkResult {
        epochs = List.copyOf(epochs);
    }

    /** The median epoch's images/s: the first epoch also pays for warm-up (graph optimisation, allocator growth). */
    public double medianImagesPerSecond() {
        double[] rates = epochs.stream().mapToDouble(EpochTiming::imagesPerSecond).sorted().toArray();
        if (rates.length == 0) {
            return Double.NaN;
        }
        int mid = rates.length / 2;
        return rates.length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
    }
}
