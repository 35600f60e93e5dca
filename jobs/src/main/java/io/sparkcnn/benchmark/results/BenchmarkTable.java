package io.sparkcnn.benchmark.results;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A benchmark's report as text for the terminal: what ran where, one line per variant, then the comparisons. */
public final class BenchmarkTable {
    private BenchmarkTable() {
    }

    public static String format(BenchmarkReport report) {
        StringBuilder sb = new StringBuilder();
        Object epochs = report.settings().get("epochs");
        Object repeats = report.settings().get("repeats");
        sb.append(String.format(Locale.ROOT, "spark-cnn benchmark: %s, %s training and %s test images, %s epoch(s),"
                        + " batch %s, %s repeat(s); figures are medians%n", report.dataset().get("name"),
                report.dataset().get("trainImages"), report.dataset().get("testImages"), epochs,
                report.settings().get("batchSize"), repeats));
        MachineFacts m = report.machine();
        sb.append(String.format(Locale.ROOT, "machine: %d cores%s, %s, load average %s at start; commit %s%n%n",
                m.cores(), m.cpuModel() != null ? " (" + m.cpuModel() + ")" : "", m.java(),
                m.loadAverage().stream().map(v -> String.format(Locale.ROOT, "%.2f", v))
                        .collect(Collectors.joining(" ")),
                report.gitCommit() != null ? report.gitCommit().substring(0, Math.min(12, report.gitCommit().length()))
                        : "unknown"));

        List<BenchmarkSummary.VariantFigures> variants = report.summary().variants();
        int width = Math.max("variant".length(),
                variants.stream().mapToInt(v -> v.label().length()).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %8s  %8s  %8s  %11s  %8s  %8s  %8s%n", "variant",
                "epoch s", "images/s", "fit s", "outside fit", "test acc", "RSS MiB", "heap MiB"));
        for (BenchmarkSummary.VariantFigures v : variants) {
            if (v.runs() == 0) {
                sb.append(String.format(Locale.ROOT, "%-" + width + "s  failed: %s%n", v.label(),
                        String.join("; ", v.errors())));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %8s  %8s  %8s  %11s  %8s  %8s  %8s%n", v.label(),
                    number(v.epochSeconds(), "%.1f"), number(v.imagesPerSecond(), "%.0f"),
                    number(v.fitSeconds(), "%.1f"),
                    v.outsideFitShare() == null ? "-"
                            : String.format(Locale.ROOT, "%.1f %%", 100 * v.outsideFitShare()),
                    number(v.testAccuracy(), "%.4f"), number(v.peakRssMiB(), "%.0f"), number(v.heapPeakMiB(), "%.0f")));
            if (v.failedRuns() > 0) {
                sb.append(String.format(Locale.ROOT, "%-" + width + "s  (%d failed: %s)%n", "", v.failedRuns(),
                        String.join("; ", v.errors())));
            }
        }

        List<BenchmarkSummary.VariantFigures> spark = variants.stream().filter(v -> v.sparkParts() != null).toList();
        if (!spark.isEmpty()) {
            String columns = "%-" + width + "s  %6s" + "  %13s".repeat(9) + "%n";
            sb.append(String.format(Locale.ROOT, "%n" + columns,
                    "where a Spark epoch goes (s, share)", "jobs", "replica fit", "task, not fit", "of it: load",
                    "state copies", "round waits", "slowest wait", "Spark, results", "between jobs", "outside jobs"));
            for (BenchmarkSummary.VariantFigures v : spark) {
                SparkEpochParts p = v.sparkParts();
                double epoch = v.epochSeconds();
                sb.append(String.format(Locale.ROOT, columns,
                        v.label(), String.format(Locale.ROOT, "%.0f", p.jobs()), part(p.fit(), epoch),
                        part(p.taskNotFit(), epoch), part(p.loading(), epoch), part(p.copies(), epoch),
                        part(p.roundWaits(), epoch), part(p.straggler(), epoch), part(p.scheduling(), epoch),
                        part(p.betweenRounds(), epoch), part(p.outsideRounds(), epoch)));
            }
        }

        List<BenchmarkSummary.Comparison> comparisons = report.summary().comparisons();
        if (!comparisons.isEmpty()) {
            int nameWidth = Math.max("comparison".length(),
                    comparisons.stream().mapToInt(c -> c.name().length()).max().orElse(0));
            sb.append(String.format(Locale.ROOT, "%n%-" + nameWidth + "s  %8s  %-15s  %s%n", "comparison", "median",
                    "target", "per repeat"));
            for (BenchmarkSummary.Comparison c : comparisons) {
                String format = c.operation().equals("ratio") ? "%.3f" : "%+.4f";
                String target = c.target() == null ? ""
                        : c.target() + (c.met() == null ? "" : c.met() ? " met" : " NOT met");
                sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  %8s  %-15s  %s", c.name(),
                        number(c.value(), format), target,
                        c.perRepeat().stream().map(v -> String.format(Locale.ROOT, format, v))
                                .collect(Collectors.joining(" "))).stripTrailing()).append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    private static String part(double seconds, double epochSeconds) {
        return String.format(Locale.ROOT, "%.1f (%.0f %%)", seconds, 100 * seconds / epochSeconds);
    }

    private static String number(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
