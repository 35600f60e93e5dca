package io.sparkcnn.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.sparkcnn.data.DataException;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.output.RunRecord;
import io.sparkcnn.output.RunReport;
import io.sparkcnn.output.StagedOutput;

/**
 * {@code visualize}: the pictures and report.html for an existing model, computed in this JVM. When the model
 * sits in a train output directory, that run's metrics.json and run.json add the training curves and provenance.
 */
public final class VisualizeJob {
    private VisualizeJob() {
    }

    public static List<String> run(ModelFile.Loaded model, ResolvedDataset dataset, Optional<Path> runDir,
                                   int featureImages, int testLimit, Path output, boolean overwrite) {
        LabeledImages test = dataset.loadTest(testLimit);
        EvaluateJob.checkCompatible(model, test, dataset);
        Optional<TrainingMetrics> metrics = runDir.flatMap(d -> readIfPresent(d.resolve("metrics.json"),
                TrainingMetrics.class));
        Optional<RunRecord> run = runDir.flatMap(d -> readIfPresent(d.resolve("run.json"), RunRecord.class));
        try (StagedOutput out = StagedOutput.begin(output, overwrite)) {
            List<String> pictures = RunReport.write(new RunReport.Inputs(model.network(), model.info(), test, metrics,
                    run, featureImages, Optional.empty()), out.file("."));
            out.commit();
            return pictures;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static <T> Optional<T> readIfPresent(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(StagedOutput.JSON.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new DataException(file + " is not a " + file.getFileName() + " written by train: "
                    + e.getMessage(), e);
        }
    }
}
