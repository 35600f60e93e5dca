package io.sparkcnn.driver.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.settings.SettingProblem;
import picocli.CommandLine.Option;

/** The options of the commands that use a saved model on a dataset: which model, which data. */
public final class ModelDataOptions {
    @Option(names = "--model-file", paramLabel = "FILE", required = true,
            description = "A model.zip written by train.")
    public Path modelFile;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "mnist, fashion-mnist, or any name with --data-dir. Default: the dataset the model was"
                    + " trained on.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The images: the four IDX files, an image folder"
            + " or Parquet, as for train.")
    Path dataDir;

    @Option(names = "--test-limit", paramLabel = "N", description = "Use the first N test images (0: all).")
    public int testLimit;

    /** Each invalid option. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        SettingProblem.atLeast(problems, "test-limit", testLimit, 0);
        return problems;
    }

    public ModelFile.Loaded loadModel() {
        return ModelFile.read(modelFile);
    }

    /** The dataset asked for, else the model's own. */
    public ResolvedDataset resolve(ModelFile.Loaded model) {
        String name = dataset != null ? dataset : model.info().dataset();
        if (name.equals("unknown")) {
            name = dataDir != null ? "data-dir" : "fashion-mnist";
        }
        return DataOptions.resolve(name, Optional.ofNullable(dataDir));
    }
}
