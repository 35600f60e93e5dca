package io.sparkcnn.peers;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import io.sparkcnn.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Trains the seed CNN in one peer engine and prints what it measured: progress on stderr, then one JSON object as
 * the last line of stdout. One engine per process, so that each has the process (and its native thread pools) to
 * itself, as our own trainer does.
 */
@Command(name = "peer-benchmark", sortOptions = false,
        description = "Train the seed CNN in TensorFlow Java or PyTorch (DJL) and report images/s as JSON.")
public final class PeerBenchmark implements Callable<Integer> {
    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @Spec
    private CommandSpec spec;

    @Option(names = "--engine", required = true, paramLabel = "tensorflow|pytorch", converter = EngineName.class,
            description = "Engine to train in.")
    private PeerEngine engine;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The four standard IDX files, gzipped or not "
            + "(default: ${DEFAULT-VALUE}).")
    private Path dataDir = FASHION_MNIST;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train and time (default: ${DEFAULT-VALUE}).")
    private int epochs = 3;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per step (default: ${DEFAULT-VALUE}).")
    private int batchSize = 64;

    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads; inter-op is always 1 (default: ${DEFAULT-VALUE}).")
    private int threads = 2;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seeds the initial weights and every epoch's order (default: ${DEFAULT-VALUE}).")
    private long seed = 42;

    @Option(names = "--train-images", paramLabel = "N",
            description = "Train on the first N training images only (default: all).")
    private Integer trainImages;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private final PrintStream out;
    private final PrintStream err;

    PeerBenchmark(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs with {@code args}; returns the exit code: 0 done, 1 failed, 2 bad flags. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new PeerBenchmark(out, err))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    // Bad data is the user's to fix: say which file and why, without a stack trace.
                    if (e instanceof DataException) {
                        commandLine.getErr().println("error: " + e.getMessage());
                    } else {
                        e.printStackTrace(commandLine.getErr());
                    }
                    return CommandLine.ExitCode.SOFTWARE;
                });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        validate();
        err.println("reading " + dataDir);
        BenchmarkData data = BenchmarkData.read(dataDir, trainImages == null ? 0 : trainImages);
        SplittableRandom root = new SplittableRandom(seed);
        SeedCnnWeights initial = SeedCnnWeights.initial(root.split());
        SplittableRandom shuffle = root.split();

        err.println("loading " + engine.cliName() + " (" + threads + " intra-op threads, 1 inter-op)");
        try (PeerTrainer trainer = engine.create(initial, threads)) {
            err.println(engine.cliName() + " " + trainer.engineVersion() + ": training on " + data.train().size()
                    + " images, batch " + batchSize + ", " + epochs + " epoch(s)");
            List<EpochTiming> timings = new BenchmarkLoop(epochs, batchSize, err::println)
                    .train(trainer, data.train(), shuffle);
            double accuracy = BenchmarkLoop.accuracy(trainer, data.test());
            err.printf("test accuracy %.4f on %d images%n", accuracy, data.test().size());
            BenchmarkResult result = new BenchmarkResult(engine.cliName(), trainer.engineVersion(), threads, batchSize,
                    data.train().size(), timings, accuracy, PeakMemory.peakRssMiB());
            out.println(ResultJson.line(result));
            out.flush();
        }
        return CommandLine.ExitCode.OK;
    }

    /** Lower-case engine names on the command line and in the error message, as in the JSON. */
    static final class EngineName implements CommandLine.ITypeConverter<PeerEngine> {
        @Override
        public PeerEngine convert(String text) {
            try {
                return PeerEngine.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private void validate() {
        requirePositive("--epochs", epochs);
        requirePositive("--batch-size", batchSize);
        requirePositive("--threads", threads);
        if (trainImages != null) {
            requirePositive("--train-images", trainImages);
        }
        String problem = BenchmarkData.problemWith(dataDir);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "--data-dir " + problem);
        }
    }

    private void requirePositive(String flag, int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), flag + " must be at least 1, got " + value);
        }
    }
}
