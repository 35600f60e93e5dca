package io.sparkcnn.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.sparkcnn.driver.options.ModelDataOptions;
import io.sparkcnn.driver.options.VerboseOption;
import io.sparkcnn.jobs.VisualizeJob;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.output.RunReport;
import io.sparkcnn.settings.SettingProblem;
import io.sparkcnn.settings.SettingsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spark-cnn visualize}: kernels, feature maps, curves, confusion, mistakes and report.html of a model. */
@Command(name = "visualize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw a saved model: convolution kernels, feature maps of a few test images, training curves,",
            "confusion heat map, most confidently wrong test images; all tied together in report.html."})
final class VisualizeCommand implements Callable<Integer> {
    @Mixin
    ModelDataOptions data;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "The train output with metrics.json and run.json, for curves and provenance."
                    + " Default: the model file's directory, when it has them.")
    Path runDir;

    @Option(names = "--images", paramLabel = "N",
            description = "Test images whose feature maps are drawn (one per class). Default: ${DEFAULT-VALUE}.")
    int images = RunReport.DEFAULT_FEATURE_IMAGES;

    @Option(names = "--output", paramLabel = "DIR", required = true,
            description = "Directory for pictures/ and report.html (must not exist or be empty).")
    Path output;

    @Option(names = "--overwrite", description = "Replace a non-empty --output directory.")
    boolean overwrite;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() {
        List<SettingProblem> problems = new ArrayList<>();
        SettingProblem.atLeast(problems, "images", images, 0);
        problems.addAll(data.problems());
        SettingsException.throwIfAny(problems);
        ModelFile.Loaded model = data.loadModel();
        List<String> pictures = VisualizeJob.run(model, data.resolve(model), Optional.ofNullable(runDirectory()),
                images, data.testLimit, output, overwrite);
        System.out.printf("%d pictures and report.html in %s%n", pictures.size(), output);
        return 0;
    }

    private Path runDirectory() {
        if (runDir != null) {
            return runDir;
        }
        Path parent = data.modelFile.toAbsolutePath().getParent();
        return parent != null && Files.isRegularFile(parent.resolve("metrics.json")) ? parent : null;
    }
}
