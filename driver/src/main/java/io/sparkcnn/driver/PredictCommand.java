package io.sparkcnn.driver;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.sparkcnn.driver.options.VerboseOption;
import io.sparkcnn.jobs.PredictJob;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.settings.SettingsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spark-cnn predict}: the class of each picture, or of each image in an IDX file. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify pictures (PNG, JPEG, GIF, BMP; any size or colour) or every image of IDX files.",
            "Pictures are converted like the training data: 28x28 grayscale, bright object on dark, centred."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model-file", paramLabel = "FILE", required = true, description = "A model.zip written by train.")
    Path modelFile;

    @Option(names = "--top", paramLabel = "K",
            description = "Show the K most likely classes. Default: ${DEFAULT-VALUE}.")
    int top = 1;

    @Mixin
    VerboseOption verbose;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Picture files or IDX image files.")
    List<Path> images;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new SettingsException("--top must be at least 1, was " + top);
        }
        ModelFile.Loaded model = ModelFile.read(modelFile);
        for (PredictJob.Prediction p : PredictJob.run(model, images, top)) {
            String ranked = p.top().stream()
                    .map(r -> String.format("%d %s %.4f", r.label(), r.name(), r.probability()))
                    .collect(Collectors.joining("  |  "));
            System.out.println(p.input() + "\t" + ranked);
        }
        return 0;
    }
}
