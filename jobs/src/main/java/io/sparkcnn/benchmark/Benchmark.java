package io.sparkcnn.benchmark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sparkcnn.benchmark.results.BenchmarkReport;
import io.sparkcnn.benchmark.results.BenchmarkSummary;
import io.sparkcnn.benchmark.results.MachineFacts;
import io.sparkcnn.benchmark.results.RunResult;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.output.RunRecord;
import io.sparkcnn.output.StagedOutput;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code benchmark}: runs every variant of the plan {@code repeats} times, alternating between the variants
 * (repeat 1 of each, then repeat 2 of each, ...), and reports every run, the medians and the comparisons; writes
 * them to {@code --output} (all at once, as train writes its outputs).
 */
public final class Benchmark {
    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);

    private Benchmark() {
    }

    /**
     * What to measure, in the order each repeat measures it: for every model and layer implementation a single
     * replica and Spark parameter averaging with each worker count, then the peers. Fails (as a usage error) when
     * peers are asked for and not built, before anything is measured.
     */
    public static List<Variant> plan(BenchmarkSettings settings) {
        List<Variant> variants = new ArrayList<>();
        for (String model : settings.variants().models()) {
            for (LayerImplementation layers : settings.variants().layers()) {
                variants.add(new SingleReplicaVariant(model, layers, settings.variants().threads()));
                for (int workers : settings.variants().workers()) {
                    variants.add(new SparkAveragingVariant(model, layers, workers, settings.master()));
                }
            }
        }
        if (!settings.variants().peers().isEmpty()) {
            PeerVariant.Build build = PeerVariant.Build.locate();
            for (String engine : settings.variants().peers()) {
                variants.add(new PeerVariant(engine, build, settings.variants().threads()));
            }
        }
        return variants;
    }

    /**
     * Trains each of our variants once, untimed, on a small subset: the first Spark training in a JVM runs far slower
     * than the next ones (measured: a 12,800-image epoch on 1 worker took 71 s the first time, 40 s the second, with
     * the single replica already warm), which would otherwise land on whichever variant runs first. Peers run in their
     * own JVMs and are not warmed.
     */
    private static void warmUp(JavaSparkContext sc, BenchmarkSettings settings, List<Variant> variants,
                               ResolvedDataset dataset) {
        if (settings.repeats().warmupImages() == 0) {
            return;
        }
        try (BenchmarkContext context = new BenchmarkContext(sc, settings.forWarmup(), dataset)) {
            for (Variant variant : variants) {
                if (variant.info().kind() != Variant.Kind.PEER) {
                    LOG.info("warm-up (not timed): {} on {} images", variant.info().label(), context.trainImages());
                    variant.run(context, 0);
                }
            }
        }
    }

    /** Measures {@code variants} on {@code sc} and {@code dataset}; {@code commandLine} is recorded as given. */
    public static BenchmarkReport run(JavaSparkContext sc, BenchmarkSettings settings, List<Variant> variants,
                                      ResolvedDataset dataset, List<String> commandLine) {
        settings.validate();
        MachineFacts machine = MachineFacts.current();
        String started = Instant.now().toString();
        List<RunResult> runs = new ArrayList<>();
        Map<String, Object> datasetRecord = new LinkedHashMap<>();
        try (BenchmarkContext context = new BenchmarkContext(sc, settings, dataset)) {
            datasetRecord.put("name", dataset.name());
            datasetRecord.put("origin", dataset.origin());
            datasetRecord.put("directory", dataset.location().toString());
            datasetRecord.put("trainImages", context.trainImages());
            datasetRecord.put("testImages", context.test().size());
            warmUp(sc, settings, variants, dataset);
            int total = settings.repeats().repeats() * variants.size();
            int done = 0;
            for (int repeat = 1; repeat <= settings.repeats().repeats(); repeat++) {
                for (Variant variant : variants) {
                    done++;
                    LOG.info("[{}/{}] {}, repeat {} of {}", done, total, variant.info().label(), repeat,
                            settings.repeats().repeats());
                    RunResult result = variant.run(context, repeat);
                    if (!result.ok()) {
                        LOG.warn("{}, repeat {} failed: {}", variant.info().label(), repeat, result.error());
                    }
                    runs.add(result);
                }
            }
        }
        List<Variant.Info> infos = variants.stream().map(Variant::info).toList();
        BenchmarkReport report = new BenchmarkReport(started, Instant.now().toString(), List.copyOf(commandLine),
                RunRecord.currentGitCommit(), machine, RunRecord.versions(sc.version()), settings.asMap(),
                datasetRecord, infos, runs, BenchmarkSummary.of(infos, runs));
        settings.output().ifPresent(file -> StagedOutput.writeJsonFile(file.path(), report, file.overwrite()));
        return report;
    }
}
