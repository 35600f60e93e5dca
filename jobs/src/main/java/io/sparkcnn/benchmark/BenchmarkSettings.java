package io.sparkcnn.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.OutputSettings;
import io.sparkcnn.settings.SettingProblem;
import io.sparkcnn.settings.SettingsException;

/**
 * What a benchmark measures and how often, by concern.
 *
 * @param data     which images (train's settings: a class-balanced training subset, the first test images)
 * @param loop     timed epochs per measurement, the minibatch size of every replica, the seed
 * @param variants the models, layer implementations, worker counts and peers measured
 * @param repeats  how often each variant is measured, and the untimed warm-up round before
 * @param output   the JSON file to write (empty: none)
 */
public record BenchmarkSettings(DataSettings data, LoopSettings loop, VariantSettings variants, RepeatSettings repeats,
                                Optional<OutputSettings> output) {
    public static final int DEFAULT_EPOCHS = 1;
    /** Test images the warm-up round evaluates on (its figures are not kept). */
    static final int WARMUP_TEST_IMAGES = 500;

    /** The defaults the command line shows: both models, 1 and 2 workers, the full dataset, one epoch, once. */
    public static BenchmarkSettings defaults(Path output) {
        return new BenchmarkSettings(DataSettings.defaults(), LoopSettings.defaults().withEpochs(DEFAULT_EPOCHS),
                VariantSettings.defaults(), RepeatSettings.defaults(),
                Optional.ofNullable(output).map(file -> new OutputSettings(file, false)));
    }

    public BenchmarkSettings withData(DataSettings value) {
        return new BenchmarkSettings(value, loop, variants, repeats, output);
    }

    public BenchmarkSettings withLoop(LoopSettings value) {
        return new BenchmarkSettings(data, value, variants, repeats, output);
    }

    public BenchmarkSettings withVariants(VariantSettings value) {
        return new BenchmarkSettings(data, loop, value, repeats, output);
    }

    public BenchmarkSettings withRepeats(RepeatSettings value) {
        return new BenchmarkSettings(data, loop, variants, value, output);
    }

    /** {@code value} null: no JSON file. */
    public BenchmarkSettings withOutput(OutputSettings value) {
        return new BenchmarkSettings(data, loop, variants, repeats, Optional.ofNullable(value));
    }

    /** Every invalid field, each record's own and the subsets too small for a minibatch per worker. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>(variants.problems());
        problems.addAll(loop.problems());
        problems.addAll(repeats.problems());
        problems.addAll(data.problems());
        int maxWorkers = variants.maxWorkers();
        if (data.trainLimit() > 0 && data.trainLimit() < maxWorkers * loop.batchSize()) {
            problems.add(new SettingProblem("train-limit", data.trainLimit() + " is less than one minibatch of "
                    + loop.batchSize() + " for each of " + maxWorkers + " workers"));
        }
        if (repeats.warmupImages() > 0 && repeats.warmupImages() < maxWorkers * loop.batchSize()) {
            problems.add(new SettingProblem("warmup-images", repeats.warmupImages() + " is less than one minibatch of "
                    + loop.batchSize() + " for each of " + maxWorkers + " workers (0: no warm-up)"));
        }
        output.ifPresent(o -> problems.addAll(o.fileProblems()));
        return problems;
    }

    /** These settings, or a {@link SettingsException} listing every problem as its option. */
    public BenchmarkSettings validate() {
        SettingsException.throwIfAny(problems());
        return this;
    }

    /** The settings of the untimed warm-up round: a small subset, one epoch, a small test set, no peers, no output. */
    BenchmarkSettings forWarmup() {
        return new BenchmarkSettings(data.withTrainLimit(repeats.warmupImages()).withTestLimit(WARMUP_TEST_IMAGES),
                loop.withEpochs(1), variants.withPeers(List.of()), repeats.withRepeats(1), Optional.empty());
    }

    /** The Spark master the benchmark runs on: one local thread per replica of the largest worker count. */
    public String master() {
        return "local[" + variants.maxWorkers() + "]";
    }

    /** The settings as a flat map, for the report. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", data.dataset());
        m.put("dataDir", data.dataDir().map(Path::toString).orElse(null));
        m.put("models", variants.models());
        m.put("layers", variants.layers().stream().map(LayerImplementation::cliName).toList());
        m.put("trainLimit", data.trainLimit());
        m.put("testLimit", data.testLimit());
        m.put("epochs", loop.epochs());
        m.put("repeats", repeats.repeats());
        m.put("workers", variants.workers());
        m.put("batchSize", loop.batchSize());
        m.put("averagingFrequency", variants.averagingFrequency());
        m.put("warmupImages", repeats.warmupImages());
        m.put("singleReplicaThreads", variants.threads());
        m.put("peers", variants.peers());
        m.put("seed", loop.seed());
        m.put("master", master());
        m.put("output", output.map(o -> o.path().toString()).orElse(null));
        return m;
    }
}
