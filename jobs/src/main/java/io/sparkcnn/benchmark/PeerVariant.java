package io.sparkcnn.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.benchmark.results.EpochTiming;
import io.sparkcnn.benchmark.results.RunResult;
import io.sparkcnn.settings.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed CNN in another framework (TensorFlow Java, PyTorch through DJL), trained by the optional
 * {@code peer-benchmarks} module's {@code io.sparkcnn.peers.PeerBenchmark} in a child JVM on the same images,
 * epochs, minibatch size, threads and seed. Its last line of standard output is a JSON object with its figures;
 * everything else it prints is passed on to standard error as progress. The product does not depend on that
 * module: it is found at run time through its jar and the classpath file its build writes ({@link Build}).
 */
public final class PeerVariant implements Variant {
    private static final Logger LOG = LoggerFactory.getLogger(PeerVariant.class);
    static final String MAIN_CLASS = "io.sparkcnn.peers.PeerBenchmark";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The built peer module: its jar and the runtime classpath file. */
    record Build(Path jar, Path classpathFile) {
        /** Where the peer module's build output is: {@code -Dspark-cnn.peers.dir}, else its target directory. */
        static Path directory() {
            String explicit = System.getProperty("spark-cnn.peers.dir");
            if (explicit != null) {
                return Path.of(explicit);
            }
            return Path.of(System.getProperty("spark-cnn.home", "."), "peer-benchmarks", "target").toAbsolutePath()
                    .normalize();
        }

        /** The build in {@link #directory()}, or a usage error saying how to make it. */
        static Build locate() {
            Path dir = directory();
            Path classpath = dir.resolve("peer-classpath.txt");
            Path jar = null;
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    jar = files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith("spark-cnn-peer-benchmarks-") && n.endsWith(".jar")
                                && !n.endsWith("-sources.jar") && !n.endsWith("-tests.jar");
                    }).max(Comparator.comparing(f -> f.toFile().lastModified())).orElse(null);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
                }
            }
            if (jar == null || !Files.isRegularFile(classpath)) {
                throw new SettingsException("--peers: the peer benchmarks are not built (" + dir + " has no "
                        + (jar == null ? "spark-cnn-peer-benchmarks-*.jar" : "peer-classpath.txt")
                        + "); build them with 'mvn -q -B -Ppeers -pl peer-benchmarks -am install -DskipTests'"
                        + " (bin/spark-cnn benchmark --peers does this itself when they are missing or stale)");
            }
            return new Build(jar, classpath);
        }

        String classpath() {
            try {
                return jar + java.io.File.pathSeparator + Files.readString(classpathFile).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + classpathFile + ": " + e.getMessage(), e);
            }
        }
    }

    /** The JSON object a peer prints last. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PeerOutput(String engine, String engineVersion, List<PeerEpoch> epochs, double medianImagesPerSecond,
                      double testAccuracy, Double peakRssMiB) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PeerEpoch(int epoch, double seconds, double imagesPerSecond) {
    }

    private final String engine;
    private final Build build;
    private final int threads;

    PeerVariant(String engine, Build build, int threads) {
        this.engine = engine;
        this.build = build;
        this.threads = threads;
    }

    @Override
    public Info info() {
        return new Info("peer/" + engine, engine + " (peer, " + threads + " threads)", Kind.PEER, "cnn", null, 1,
                threads);
    }

    /** The child's command line. */
    List<String> command(BenchmarkContext context) {
        BenchmarkSettings s = context.settings();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp", build.classpath(), MAIN_CLASS,
                "--engine", engine,
                "--data-dir", context.dataset().location().toAbsolutePath().toString(),
                "--epochs", Integer.toString(s.loop().epochs()),
                "--batch-size", Integer.toString(s.loop().batchSize()),
                "--threads", Integer.toString(threads),
                "--seed", Long.toString(s.loop().seed())));
        if (s.data().trainLimit() > 0) {
            cmd.add("--train-images"); // the peer program's own option
            cmd.add(Integer.toString(s.data().trainLimit()));
        }
        return cmd;
    }

    @Override
    public RunResult run(BenchmarkContext context, int repeat) {
        List<String> cmd = command(context);
        LOG.info("{}, repeat {}: {}", info().label(), repeat, String.join(" ", cmd.subList(0, 2)) + " ... "
                + String.join(" ", cmd.subList(cmd.indexOf(MAIN_CLASS), cmd.size())));
        Process process = null;
        try {
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String last = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (last != null) {
                        System.err.println("[" + engine + "] " + last);
                    }
                    last = line;
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                if (last != null) {
                    System.err.println("[" + engine + "] " + last);
                }
                return RunResult.failed(info().id(), repeat, engine + " exited with " + exit
                        + " (its output is above)");
            }
            return parse(info().id(), repeat, last);
        } catch (IOException e) {
            return RunResult.failed(info().id(), repeat, "cannot run " + engine + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + engine + " was running", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** A run from the peer's last line of output, or a failed run saying why it could not be read. */
    public static RunResult parse(String variant, int repeat, String lastLine) {
        if (lastLine == null) {
            return RunResult.failed(variant, repeat, "the peer printed nothing on standard output");
        }
        PeerOutput out;
        try {
            out = JSON.readValue(lastLine, PeerOutput.class);
        } catch (IOException e) {
            return RunResult.failed(variant, repeat, "the peer's last line is not its JSON result: "
                    + (lastLine.length() > 200 ? lastLine.substring(0, 200) + "..." : lastLine));
        }
        if (out.epochs() == null || out.epochs().isEmpty()) {
            return RunResult.failed(variant, repeat, "the peer's result lists no epochs: " + lastLine);
        }
        List<EpochTiming> epochs = out.epochs().stream()
                .map(e -> new EpochTiming(e.epoch(), e.seconds(), e.imagesPerSecond(), null, null)).toList();
        PeerEpoch first = out.epochs().get(0);
        int images = (int) Math.round(first.seconds() * first.imagesPerSecond());
        return new RunResult(variant, repeat, epochs, images, out.testAccuracy(), out.peakRssMiB(), "peer", null,
                out.engineVersion(), null, null);
    }
}
