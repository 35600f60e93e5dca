package io.sparkcnn.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkcnn.cluster.JvmLaunch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/multi-host}: a cluster of hosts on this machine ({@link MultiHostCluster}), the data prepared onto its
 * HDFS from the driver host, one {@code train} across the worker hosts, and what it cost on the links: round time
 * and bytes on the driver's link per averaging round. Optionally a fault during training ({@link Fault}).
 */
@Command(name = "multi-host", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train across hosts made as network namespaces on this machine (needs root):",
            "  bin/multi-host --workers 4 --link-rate 100mbit -- --epochs 1 --train-limit 12000",
            "Options after -- go to 'spark-cnn train'."})
public final class MultiHost implements Callable<Integer> {
    @Option(names = "--workers", paramLabel = "N", description = "Worker hosts, one replica each. Default: 4.")
    int workers = 4;

    @Option(names = "--link-rate", paramLabel = "RATE",
            description = "Every host's link rate, tc units (100mbit, 1gbit); unset: unshaped.")
    String linkRate;

    @Option(names = "--sweep-workers", paramLabel = "N,N", split = ",", description = "Train once per count of"
            + " worker hosts (the cluster has the most of them; each run's executors limited to its count).")
    List<Integer> sweepWorkers = new ArrayList<>();

    @Option(names = "--sweep-rates", paramLabel = "RATE,RATE", split = ",",
            description = "Train once per link rate (every host's link shaped before each run).")
    List<String> sweepRates = new ArrayList<>();

    @Option(names = "--train-limit", paramLabel = "N", description = "Prepare a class-balanced subset of N images.")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Prepare the first N test images.")
    Integer testLimit;

    @Option(names = "--memory-per-worker", paramLabel = "SIZE", description = "Default: 1536m (1g executor heap).")
    String memoryPerWorker = "1536m";

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Default: Debian's Fashion-MNIST.")
    Path dataDir = Path.of("/usr/share/datasets/fashion-mnist");

    @Option(names = "--dataset", paramLabel = "NAME", description = "Default: fashion-mnist.")
    String dataset = "fashion-mnist";

    @Option(names = "--fault", paramLabel = "FAULT", description = "During training: link-down:HOST:AFTER_S:FOR_S,"
            + " kill-worker:N:AFTER_S or slow-link:HOST:RATE (hosts: worker1.., master, hdfs, driver).")
    List<String> faults = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", required = true,
            description = "Where logs, HDFS storage, the run and multi-host.json go (must not exist).")
    Path dir;

    @Option(names = "--timeout-minutes", paramLabel = "N", description = "Longest the training may take. Default: 60.")
    long timeoutMinutes = 60;

    @Parameters(paramLabel = "TRAIN_OPTION", description = "Options for spark-cnn train.")
    List<String> trainOptions = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new MultiHost()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (Files.exists(dir)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--dir " + dir + " already exists");
        }
        List<Fault> planned = faults.stream().map(Fault::parse).toList();
        List<Integer> counts = sweepWorkers.isEmpty() ? List.of(workers) : sweepWorkers;
        List<String> rates = sweepRates.isEmpty() ? java.util.Collections.singletonList(linkRate) : sweepRates;
        int hosts = counts.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Duration limit = Duration.ofMinutes(timeoutMinutes);
        try (MultiHostCluster cluster = MultiHostCluster.start(new MultiHostCluster.Shape(hosts, memoryPerWorker,
                null), JvmLaunch.current(), dir.resolve("cluster"))) {
            String shards = cluster.hdfsUri("/shards");
            List<String> prepare = new ArrayList<>(List.of("prepare", "--data-dir", dataDir.toString(), "--dataset",
                    dataset, "--workers", Integer.toString(hosts), "--output", shards));
            if (trainLimit != null) {
                prepare.addAll(List.of("--train-limit", trainLimit.toString()));
            }
            if (testLimit != null) {
                prepare.addAll(List.of("--test-limit", testLimit.toString()));
            }
            prepare.addAll(seedOption());
            MultiHostCluster.Run prepared = cluster.driver(prepare, limit);
            if (prepared.exitCode() != 0) {
                System.err.print(prepared.output());
                return prepared.exitCode();
            }
            ArrayNode summaries = new ObjectMapper().createArrayNode();
            int exit = 0;
            for (int count : counts) {
                for (String rate : rates) {
                    ObjectNode summary = train(cluster, shards, count, rate, planned, limit);
                    summaries.add(summary);
                    Files.writeString(dir.resolve("multi-host.json"), summaries.toPrettyString());
                    exit = Math.max(exit, summary.path("exitCode").asInt());
                }
            }
            return exit;
        }
    }

    /**
     * The training's {@code --seed}, for {@code prepare}: it cuts the shards, so that the run on these hosts trains on
     * the shards {@code train --seed N} cuts on one machine.
     */
    private List<String> seedOption() {
        for (int i = 0; i < trainOptions.size(); i++) {
            String option = trainOptions.get(i);
            if (option.equals("--seed") && i + 1 < trainOptions.size()) {
                return List.of("--seed", trainOptions.get(i + 1));
            }
            if (option.startsWith("--seed=")) {
                return List.of(option);
            }
        }
        return List.of();
    }

    /** One training run on {@code count} worker hosts with every link at {@code rate} (null: unshaped). */
    private ObjectNode train(MultiHostCluster cluster, String shards, int count, String rate, List<Fault> planned,
            Duration limit) throws IOException {
        if (rate != null) {
            cluster.network().hosts().forEach(h -> cluster.network().shape(h, rate));
        }
        Path output = dir.resolve("run-" + count + "-" + (rate == null ? "unshaped" : rate));
        List<String> train = new ArrayList<>(List.of("train", "--master", cluster.masterUrl(), "--shards", shards,
                "--workers", Integer.toString(count), "--output", output.toString()));
        train.addAll(trainOptions);
        List<String> properties = List.of("-Dspark.cores.max=" + count); // one executor per worker host used
        long[] before = cluster.network().bytes("driver");
        MultiHostCluster.Run run = FaultSchedule.during(cluster, planned,
                () -> cluster.driver(train, properties, limit));
        long[] after = cluster.network().bytes("driver");
        ObjectNode summary = summary(run, output, count, rate, after[0] - before[0], after[1] - before[1]);
        System.out.print(run.output().lines().filter(l -> l.startsWith("error:") || l.startsWith("test accuracy")
                || l.contains("straggler") || l.contains("waited")).map(l -> l + System.lineSeparator())
                .reduce("", String::concat));
        System.out.println(summary.toPrettyString());
        return summary;
    }

    private ObjectNode summary(MultiHostCluster.Run run, Path output, int count, String rate, long driverRx,
            long driverTx) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode s = json.createObjectNode();
        s.put("workers", count).put("linkRate", rate == null ? "unshaped" : rate)
                .put("faults", String.join(" ", faults)).put("exitCode", run.exitCode())
                .put("seconds", run.took().toMillis() / 1000.0);
        Path metrics = output.resolve("metrics.json");
        if (Files.exists(metrics)) {
            JsonNode m = json.readTree(metrics.toFile());
            int rounds = 0;
            double trainSeconds = 0;
            for (JsonNode epoch : m.path("epochs")) {
                rounds += epoch.path("roundDrift").size();
                trainSeconds += epoch.path("trainSeconds").asDouble();
            }
            s.put("testAccuracy", m.at("/final/testAccuracy").asDouble()).put("rounds", rounds)
                    .put("trainSeconds", trainSeconds)
                    .put("secondsPerRound", rounds == 0 ? Double.NaN : trainSeconds / rounds)
                    .put("driverBytesPerRound", rounds == 0 ? 0 : (driverRx + driverTx) / rounds);
        }
        s.put("driverLinkRxBytes", driverRx).put("driverLinkTxBytes", driverTx);
        return s;
    }
}
