package io.sparkcnn.driver;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.evaluation.ClassificationReport;
import io.sparkcnn.jobs.EvaluateJob;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.output.StagedOutput;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.worker.ExecutorSettings;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spark-cnn evaluate}: a saved model's accuracy, per-class figures and confusion matrix on a test set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model on a test set, distributed over Spark executors.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelDataOptions data;

    @Option(names = "--workers", paramLabel = "N", description = "Partitions of the test set. Default: ${DEFAULT-VALUE}.")
    int workers = TrainSettings.DEFAULT_WORKERS;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per evaluation batch. Default: ${DEFAULT-VALUE}.")
    int batchSize = 256;

    @Option(names = "--test-limit", paramLabel = "N", description = "Evaluate on the first N test images (0: all).")
    int testLimit;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master. Default: the one spark-submit set, else local[WORKERS].")
    String master;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path output;

    @Option(names = "--overwrite", description = "Replace an existing --output file.")
    boolean overwrite;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() {
        if (workers < 1 || batchSize < 1 || testLimit < 0) {
            throw new SettingsException("--workers and --batch-size must be at least 1 and --test-limit at least 0,"
                    + " were " + workers + ", " + batchSize + ", " + testLimit);
        }
        if (output != null && output.toFile().exists() && !overwrite) {
            throw new SettingsException("--output " + output + ": already exists; choose another file or add --overwrite");
        }
        ModelFile.Loaded model = data.loadModel();
        ResolvedDataset dataset = data.resolve(model);
        ClassificationReport report;
        try (JavaSparkContext sc = SparkSessions.start("spark-cnn evaluate", master, workers,
                ExecutorSettings.defaults())) {
            report = EvaluateJob.run(sc, model, dataset, workers, batchSize, testLimit);
        }
        System.out.print(ReportTable.format(report));
        System.out.printf("%ntest accuracy %.4f of %s (%s) on %s%n", report.testAccuracy(), data.modelFile,
                model.info().model(), dataset.name());
        if (output != null) {
            StagedOutput.writeJsonFile(output, report, overwrite);
        }
        return 0;
    }
}
