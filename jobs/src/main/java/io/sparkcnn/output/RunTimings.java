package io.sparkcnn.output;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a run's wall time went, phase by phase, from an origin: the JVM's start when a command ran the job (so the
 * JVM, the command line, finding the dataset and Spark's start are phases too), else the job's own start (a job run
 * inside a longer-lived JVM, as the benchmark's). Each {@link #mark} closes a phase: the time since the previous mark
 * is added to it. Logged at the end of the run and written as {@code timings.json}, last before the output is
 * published: what happens after it (stopping Spark, the JVM's exit) only a caller outside can time.
 */
public final class RunTimings {
    /** The phases' names, as in timings.json and the benchmark's breakdown. */
    public static final String START = "start";
    public static final String SPARK = "sparkStart";
    public static final String DATA = "dataPreparation";
    public static final String TRAINING = "training";
    public static final String EVALUATION = "evaluation";
    /** The network's set-up, checkpoints and logging: the epochs' wall time outside training and evaluation. */
    public static final String AROUND_EPOCHS = "aroundEpochs";
    public static final String OUTPUTS = "outputs";
    public static final String REPORT = "report";

    /** What timings.json holds: the origin ("jvm" or "job") and seconds per phase, in order, and their sum. */
    public record Figures(String origin, Map<String, Double> seconds, double totalSeconds) {
    }

    private final String origin;
    private final Instant started;
    private Instant last;
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    private RunTimings(String origin, Instant started) {
        this.origin = origin;
        this.started = started;
        this.last = started;
    }

    /** From this JVM's start, as the operating system recorded it (else from now). */
    public static RunTimings sinceJvmStart() {
        return ProcessHandle.current().info().startInstant().map(t -> new RunTimings("jvm", t))
                .orElseGet(RunTimings::sinceNow);
    }

    /** From now: a job in a JVM that does other things. */
    public static RunTimings sinceNow() {
        return new RunTimings("job", Instant.now());
    }

    /** Adds the time since the previous mark (or the origin) to {@code phase}. */
    public synchronized void mark(String phase) {
        Instant now = Instant.now();
        add(phase, Duration.between(last, now).toNanos() / 1e9);
        last = now;
    }

    /**
     * Splits the time since the previous mark: {@code parts} (seconds measured inside it, in the order to report them)
     * go to their phases, the rest to {@code rest}.
     */
    public synchronized void markSplit(Map<String, Double> parts, String rest) {
        Instant now = Instant.now();
        double whole = Duration.between(last, now).toNanos() / 1e9;
        double inParts = 0;
        for (Map.Entry<String, Double> part : parts.entrySet()) {
            add(part.getKey(), part.getValue());
            inParts += part.getValue();
        }
        add(rest, Math.max(0, whole - inParts));
        last = now;
    }

    private void add(String phase, double value) {
        seconds.merge(phase, value, Double::sum);
    }

    public synchronized Figures figures() {
        return new Figures(origin, new LinkedHashMap<>(seconds), Duration.between(started, last).toNanos() / 1e9);
    }

    /** One line: {@code start 4.1 s, sparkStart 2.0 s, ... (total 80.2 s since the JVM's start)}. */
    public synchronized String describe() {
        return seconds.entrySet().stream().map(e -> String.format("%s %.1f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")) + String.format(" (total %.1f s since the %s's start)",
                figures().totalSeconds(), origin.equals("jvm") ? "JVM" : "job");
    }
}
