package io.sparkcnn.jobs;

import io.sparkcnn.data.MinibatchFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.sparkcnn.data.DataException;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.ResolvedDataset;
import org.apache.spark.api.java.JavaSparkContext;
import io.sparkcnn.evaluation.ClassificationReport;
import io.sparkcnn.evaluation.DistributedEvaluation;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.output.StagedOutput;

/** {@code evaluate}: a saved model's full test figures, computed on the executors like train's. */
public final class EvaluateJob {
    private EvaluateJob() {
    }

    /** Evaluates {@code model} on the dataset's test set (its first {@code testLimit} images when positive). */
    public static ClassificationReport run(JavaSparkContext sc, ModelFile.Loaded model, ResolvedDataset dataset,
                                           int workers, int batchSize, int testLimit) {
        LabeledImages test = dataset.loadTest(testLimit);
        checkCompatible(model, test, dataset);
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("spark-cnn-evaluate-");
            List<String> files = MinibatchFiles.write(test, List.of(MinibatchFiles.range(test.size())), batchSize,
                    scratch.toUri());
            DistributedEvaluation.Result result = DistributedEvaluation.run(sc, model.network(),
                    sc.parallelize(files, workers), dataset.labelNames());
            return ClassificationReport.of(result.evaluation(), result.meanLoss(), dataset.labelNames());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scratch != null) {
                StagedOutput.deleteTree(scratch);
            }
        }
    }

    /** The model must expect the dataset's image shape and number of classes. */
    static void checkCompatible(ModelFile.Loaded model, LabeledImages data, ResolvedDataset dataset) {
        int classes = model.network().layerSize(model.network().getnLayers() - 1);
        if (classes != dataset.numClasses()) {
            throw new DataException("the model has " + classes + " output classes but dataset " + dataset.name()
                    + " has " + dataset.numClasses());
        }
        if (!model.info().shape().equals(data.shape())) {
            throw new DataException("the model expects " + model.info().shape().describe() + " images but dataset "
                    + dataset.name() + " (" + data.source() + ") has " + data.shape().describe());
        }
    }
}
