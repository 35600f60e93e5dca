package io.sparkcnn.driver;

import io.sparkcnn.data.DataException;
import io.sparkcnn.driver.options.ConfigFileOptions;
import io.sparkcnn.driver.reach.UnreachableException;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.training.RoundFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point: {@code spark-cnn <subcommand> [options]}. */
@Command(name = "spark-cnn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Data-parallel CNN training on Spark (parameter averaging of DL4J replicas).",
        subcommands = {TrainCommand.class, PrepareCommand.class, EvaluateCommand.class, PredictCommand.class,
            VisualizeCommand.class, BenchmarkCommand.class, ScalingCommand.class, ModelsCommand.class,
            ClusterCommand.class,
            DaemonCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:runtime failure (a bug, or Spark/ND4J failed)",
            "2:usage error (bad option or value)",
            "3:data error (missing, unreadable or malformed input files)",
            "4:unreachable (a Spark master, HDFS namenode, the driver's address or the executors)",
            "5:a host lost during training (its rounds failed more often than --round-retries allow)"})
public final class SparkCnn implements Runnable {
    public static final int EXIT_RUNTIME = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_DATA = 3;
    public static final int EXIT_UNREACHABLE = 4;
    public static final int EXIT_HOST_LOST = 5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: try 'spark-cnn train'");
    }

    public static void main(String[] args) {
        // Pictures are drawn off-screen; no display is needed or wanted, also on a desktop.
        System.setProperty("java.awt.headless", "true");
        int code = execute(args);
        if (inYarnApplicationMaster()) {
            // YARN's ApplicationMaster runs main in a thread of its own and takes any System.exit, exit(0) too, for an
            // early failure ("Shutdown hook called before final status was reported"): it wants main to return, or to
            // throw for a failure, whose message then appears in the application's diagnostics.
            if (code != 0) {
                throw new IllegalStateException("spark-cnn failed with exit code " + code + " (docs/errors.md); its"
                        + " error line is above, in the driver's stderr");
            }
            return;
        }
        System.exit(code);
    }

    /** The driver runs inside YARN's ApplicationMaster ({@code spark-submit --master yarn --deploy-mode cluster}). */
    static boolean inYarnApplicationMaster() {
        return "yarn".equals(System.getProperty("spark.master"))
                && "cluster".equals(System.getProperty("spark.submit.deployMode"))
                && System.getProperty("spark.yarn.app.id") != null;
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return execute(commandLine(), args);
    }

    /** Runs {@code args} on {@code cli} after expanding a --config file into options. */
    static int execute(CommandLine cli, String... args) {
        String[] expanded;
        try {
            expanded = ConfigFileOptions.expand(cli, args);
        } catch (ConfigFileOptions.ConfigFileException e) {
            cli.getErr().println("error: " + e.getMessage());
            return EXIT_USAGE;
        }
        return cli.execute(expanded);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SparkCnn());
        cli.setExecutionExceptionHandler(SparkCnn::handleFailure);
        // Options from a --config file come first; the command line's own values, later, replace them.
        cli.setOverwrittenOptionsAllowed(true);
        // 'cluster --spark-workers 2 train --epochs 1': everything from 'train' on is the command to run.
        cli.getSubcommands().get("cluster").setStopAtPositional(true);
        // 'daemon worker --cores 1 spark://...': Spark's arguments pass through untouched.
        cli.getSubcommands().get("daemon").setStopAtPositional(true);
        cli.getSubcommands().get("daemon").setUnmatchedOptionsArePositionalParams(true);
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for the options.");
            return EXIT_USAGE;
        });
        return cli;
    }

    /**
     * Input errors get a one-line message and their own exit code; only unexpected failures get a stack trace,
     * and then only with --verbose.
     */
    private static int handleFailure(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        Throwable cause = rootInputError(ex);
        if (cause instanceof DataException) {
            cli.getErr().println("error: " + cause.getMessage());
            return EXIT_DATA;
        }
        if (cause instanceof UnreachableException) {
            cli.getErr().println("error: " + cause.getMessage());
            return EXIT_UNREACHABLE;
        }
        if (cause instanceof RoundFailedException) {
            cli.getErr().println("error: " + cause.getMessage());
            return EXIT_HOST_LOST;
        }
        if (cause instanceof SettingsException) {
            cli.getErr().println("error: " + cause.getMessage());
            return EXIT_USAGE;
        }
        cli.getErr().println("error: " + (ex instanceof NoSpaceLeftException ? ex.getMessage() : ex));
        if (isVerbose(parsed)) {
            ex.printStackTrace(cli.getErr());
        } else {
            cli.getErr().println("(run again with --verbose for the stack trace)");
        }
        return EXIT_RUNTIME;
    }

    /** A DataException may arrive wrapped by Spark (a task failed reading a file); find it. */
    private static Throwable rootInputError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof DataException || t instanceof SettingsException || t instanceof UnreachableException
                    || t instanceof RoundFailedException) {
                return t;
            }
        }
        return ex;
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
