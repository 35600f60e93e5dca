package io.sparkcnn.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.driver.options.ModelDataOptions;
import io.sparkcnn.driver.options.VerboseOption;
import io.sparkcnn.evaluation.ClassificationReport;
import io.sparkcnn.executor.ExecutorSettings;
import io.sparkcnn.jobs.EvaluateJob;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.output.StagedOutput;
import io.sparkcnn.settings.AveragingSettings;
import io.sparkcnn.settings.OutputSettings;
import io.sparkcnn.settings.SettingProblem;
import io.sparkcnn.settings.SettingsException;
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

    @Option(names = "--workers", paramLabel = "N",
            description = "Partitions of the test set. Default: ${DEFAULT-VALUE}.")
    int workers = AveragingSettings.DEFAULT_WORKERS;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Images per evaluation batch. Default: ${DEFAULT-VALUE}.")
    int batchSize = 256;

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
        List<SettingProblem> problems = new ArrayList<>();
        SettingProblem.atLeast(problems, "workers", workers, 1);
        SettingProblem.atLeast(problems, "batch-size", batchSize, 1);
        problems.addAll(data.problems());
        if (output != null) {
            problems.addAll(new OutputSettings(output, overwrite).fileProblems());
        }
        SettingsException.throwIfAny(problems);
        ModelFile.Loaded model = data.loadModel();
        ResolvedDataset dataset = data.resolve(model);
        ClassificationReport report;
        try (JavaSparkContext sc = SparkSessions.start("spark-cnn evaluate", master, workers,
                ExecutorSettings.defaults())) {
            report = EvaluateJob.run(sc, model, dataset, workers, batchSize, data.testLimit);
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
