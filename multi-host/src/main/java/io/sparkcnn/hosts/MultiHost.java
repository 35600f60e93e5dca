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
    public Integer call() throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--dir " + dir + " already exists");
        }
        List<Fault> planned = faults.stream().map(Fault::parse).toList();
        Duration limit = Duration.ofMinutes(timeoutMinutes);
        try (MultiHostCluster cluster = MultiHostCluster.start(new MultiHostCluster.Shape(workers, memoryPerWorker,
                linkRate), JvmLaunch.current(), dir.resolve("cluster"))) {
            String shards = cluster.hdfsUri("/shards");
            MultiHostCluster.Run prepare = cluster.driver(List.of("prepare", "--data-dir", dataDir.toString(),
                    "--dataset", dataset, "--workers", Integer.toString(workers), "--output", shards), limit);
            if (prepare.exitCode() != 0) {
                System.err.print(prepare.output());
                return prepare.exitCode();
            }
            List<String> train = new ArrayList<>(List.of("train", "--master", cluster.masterUrl(), "--shards", shards,
                    "--workers", Integer.toString(workers), "--output", dir.resolve("run").toString()));
            train.addAll(trainOptions);
            long[] before = cluster.network().bytes("driver");
            MultiHostCluster.Run run = FaultSchedule.during(cluster, planned, () -> cluster.driver(train, limit));
            long[] after = cluster.network().bytes("driver");
            ObjectNode summary = summary(run, after[0] - before[0], after[1] - before[1]);
            Files.writeString(dir.resolve("multi-host.json"), summary.toPrettyString());
            System.out.print(run.output().lines().filter(l -> l.startsWith("error:") || l.startsWith("test accuracy"))
                    .map(l -> l + System.lineSeparator()).reduce("", String::concat));
            System.out.println(summary.toPrettyString());
            return run.exitCode();
        }
    }

    private ObjectNode summary(MultiHostCluster.Run run, long driverRx, long driverTx) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode s = json.createObjectNode();
        s.put("workers", workers).put("linkRate", linkRate == null ? "unshaped" : linkRate)
                .put("faults", String.join(" ", faults)).put("exitCode", run.exitCode())
                .put("seconds", run.took().toMillis() / 1000.0);
        Path metrics = dir.resolve("run").resolve("metrics.json");
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
