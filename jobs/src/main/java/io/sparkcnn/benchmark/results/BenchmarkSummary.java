package io.sparkcnn.benchmark.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.sparkcnn.benchmark.Variant;

/**
 * The runs reduced to what the targets are stated in. A run's figure is the median over its epochs; a variant's
 * figure is the median over its successful runs (peak memory: the largest). A comparison pairs the runs of two
 * variants made in the same repeat (one after the other, so machine drift hits both alike), computes the ratio or
 * difference for each pair, and reports the median of those.
 *
 * @param variants    one line per variant, in the order they ran
 * @param comparisons ratios and differences between variants, with the target where one is set
 */
public record BenchmarkSummary(List<VariantFigures> variants, List<Comparison> comparisons) {
    /** The epoch-time ratio Spark parameter averaging should stay within (issue 5). */
    public static final double SPARK_EPOCH_TIME_TARGET = 1.15;

    /**
     * One variant's medians (null where not measured or no run succeeded).
     *
     * @param runs       successful runs
     * @param failedRuns runs that failed, with their {@code errors}
     */
    public record VariantFigures(String variant, String label, int runs, int failedRuns, Double epochSeconds,
                                 Double imagesPerSecond, Double fitSeconds, Double outsideFitShare,
                                 Double testAccuracy, Double peakRssMiB, Double heapPeakMiB, String engineVersion,
                                 SparkEpochParts sparkParts, List<String> errors) {
    }

    /**
     * {@code numerator / denominator} ({@code ratio}) or {@code numerator - denominator} ({@code difference}) of a
     * figure of two variants.
     *
     * @param value     the median over repeats of the per-repeat value (null when no repeat had both)
     * @param perRepeat the value of every repeat in which both variants succeeded
     * @param target    the target as text, when one is set
     * @param met       whether {@code value} meets a numeric target (null without one)
     */
    public record Comparison(String name, String figure, String operation, String numerator, String denominator,
                             Double value, List<Double> perRepeat, String target, Boolean met) {
    }

    /** Summarises {@code runs} of the variants {@code infos}. */
    public static BenchmarkSummary of(List<Variant.Info> infos, List<RunResult> runs) {
        Map<String, List<RunResult>> byVariant = runs.stream().collect(Collectors.groupingBy(RunResult::variant));
        List<VariantFigures> figures = new ArrayList<>();
        for (Variant.Info info : infos) {
            List<RunResult> all = byVariant.getOrDefault(info.id(), List.of());
            List<RunResult> ok = all.stream().filter(RunResult::ok).toList();
            figures.add(new VariantFigures(info.id(), info.label(), ok.size(), all.size() - ok.size(),
                    median(ok, BenchmarkSummary::epochSeconds),
                    median(ok, BenchmarkSummary::imagesPerSecond),
                    median(ok, BenchmarkSummary::fitSeconds),
                    median(ok, BenchmarkSummary::outsideFitShare),
                    median(ok, RunResult::testAccuracy),
                    max(ok, RunResult::peakRssMiB),
                    max(ok, RunResult::heapPeakMiB),
                    ok.stream().map(RunResult::engineVersion).filter(v -> v != null).findFirst().orElse(null),
                    SparkEpochParts.median(ok.stream().map(RunResult::sparkParts).filter(p -> p != null).toList()),
                    all.stream().filter(r -> !r.ok()).map(r -> "repeat " + r.repeat() + ": " + r.error()).toList()));
        }
        return new BenchmarkSummary(figures, comparisons(infos, byVariant));
    }

    private static List<Comparison> comparisons(List<Variant.Info> infos, Map<String, List<RunResult>> runs) {
        List<Comparison> out = new ArrayList<>();
        for (Variant.Info single : infos) {
            if (single.kind() != Variant.Kind.SINGLE_REPLICA) {
                continue;
            }
            for (Variant.Info other : infos) {
                if (other.kind() == Variant.Kind.SPARK_AVERAGING && sameNetwork(other, single)) {
                    out.add(compare(other.label() + " / " + single.label() + ", epoch time", "epochSeconds",
                            "ratio", other, single, runs, BenchmarkSummary::epochSeconds,
                            Optional.of(SPARK_EPOCH_TIME_TARGET)));
                }
            }
            for (Variant.Info other : infos) {
                if (other.kind() == Variant.Kind.SPARK_AVERAGING && sameNetwork(other, single)) {
                    out.add(compare(other.label() + " - " + single.label() + ", test accuracy", "testAccuracy",
                            "difference", other, single, runs, RunResult::testAccuracy, Optional.empty()));
                }
            }
            for (Variant.Info reference : infos) {
                // How much faster one layer implementation trains the same model than another (fast vs DL4J's).
                if (reference.kind() == Variant.Kind.SINGLE_REPLICA && reference.model().equals(single.model())
                        && "fast".equals(single.layers()) && !"fast".equals(reference.layers())) {
                    out.add(compare(single.label() + " / " + reference.label() + ", images/s", "imagesPerSecond",
                            "ratio", single, reference, runs, BenchmarkSummary::imagesPerSecond, Optional.empty()));
                }
            }
            for (Variant.Info peer : infos) {
                if (peer.kind() == Variant.Kind.PEER && peer.model().equals(single.model())) {
                    out.add(compare(single.label() + " / " + peer.label() + ", images/s", "imagesPerSecond",
                            "ratio", single, peer, runs, BenchmarkSummary::imagesPerSecond, Optional.empty()));
                }
            }
        }
        return out;
    }

    /** The same model built with the same layer implementation. */
    private static boolean sameNetwork(Variant.Info a, Variant.Info b) {
        return a.model().equals(b.model()) && java.util.Objects.equals(a.layers(), b.layers());
    }

    private static Comparison compare(String name, String figure, String operation, Variant.Info numerator,
                                      Variant.Info denominator, Map<String, List<RunResult>> runs,
                                      Function<RunResult, Double> value, Optional<Double> atMost) {
        Map<Integer, RunResult> below = runs.getOrDefault(denominator.id(), List.of()).stream()
                .filter(RunResult::ok).collect(Collectors.toMap(RunResult::repeat, r -> r, (a, b) -> a));
        List<Double> perRepeat = new ArrayList<>();
        for (RunResult top : runs.getOrDefault(numerator.id(), List.of())) {
            RunResult bottom = below.get(top.repeat());
            if (!top.ok() || bottom == null || value.apply(top) == null || value.apply(bottom) == null) {
                continue;
            }
            double a = value.apply(top);
            double b = value.apply(bottom);
            perRepeat.add(operation.equals("ratio") ? a / b : a - b);
        }
        Double median = perRepeat.isEmpty() ? null : median(perRepeat);
        String target = atMost.map(t -> String.format("<= %.2f", t))
                .orElse(figure.equals("testAccuracy") ? "unchanged" : null);
        Boolean met = atMost.isPresent() && median != null ? median <= atMost.get() : null;
        return new Comparison(name, figure, operation, numerator.id(), denominator.id(), median, perRepeat, target,
                met);
    }

    /** A run's epoch time: the median over its epochs. */
    static Double epochSeconds(RunResult r) {
        return medianOfEpochs(r, EpochTiming::seconds);
    }

    static Double imagesPerSecond(RunResult r) {
        return medianOfEpochs(r, EpochTiming::imagesPerSecond);
    }

    static Double fitSeconds(RunResult r) {
        return medianOfEpochs(r, EpochTiming::fitSeconds);
    }

    static Double outsideFitShare(RunResult r) {
        return medianOfEpochs(r, EpochTiming::outsideFitShare);
    }

    private static Double medianOfEpochs(RunResult r, Function<EpochTiming, Double> f) {
        List<Double> values = r.epochs().stream().map(f).filter(v -> v != null).toList();
        return values.isEmpty() ? null : median(values);
    }

    private static Double median(List<RunResult> runs, Function<RunResult, Double> f) {
        List<Double> values = runs.stream().map(f).filter(v -> v != null).toList();
        return values.isEmpty() ? null : median(values);
    }

    private static Double max(List<RunResult> runs, Function<RunResult, Double> f) {
        return runs.stream().map(f).filter(v -> v != null).max(Double::compare).orElse(null);
    }

    /** The middle value; the mean of the two middle values of an even count. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of nothing");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
