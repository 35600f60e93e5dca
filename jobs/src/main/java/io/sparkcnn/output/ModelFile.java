package io.sparkcnn.output;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.data.DataException;
import io.sparkcnn.layers.conf.FormerClassNames;
import io.sparkcnn.layers.runtime.TrainingNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * {@code model.zip}: DL4J's ModelSerializer format (configuration, weights, updater state), so any DL4J program can
 * load it, plus a {@link ModelInfo} entry so that our evaluate, predict and visualize know the class names and
 * input size without being told.
 */
public final class ModelFile {
    static final String INFO_KEY = "spark-cnn-model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFile() {
    }

    /** A network with what it was trained for. */
    public record Loaded(MultiLayerNetwork network, ModelInfo info) {
    }

    public static void write(MultiLayerNetwork network, ModelInfo info, Path file) throws IOException {
        ModelSerializer.writeModel(network, file.toFile(), true);
        ModelSerializer.addObjectToFile(file.toFile(), INFO_KEY, JSON.writeValueAsString(info));
    }

    /** Loads a model, failing with the file's name and what was expected when it is not a DL4J model zip. */
    public static Loaded read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException("model file " + file + " does not exist (expected a model.zip written by train)");
        }
        File f = file.toFile();
        MultiLayerNetwork network;
        try {
            FormerClassNames.install(); // models saved before the fast layers moved package
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(f, false);
            // Rebuilt as a TrainingNetwork, whose inference takes the fast layers' shortcuts; no updater state is read.
            network = TrainingNetwork.withParameters(restored.getLayerWiseConfigurations(), restored.params());
        } catch (Exception e) {
            throw new DataException("model file " + file + " is not a DL4J MultiLayerNetwork zip (expected"
                    + " configuration.json and coefficients.bin inside): " + e.getMessage(), e);
        }
        int classes = network.layerSize(network.getnLayers() - 1);
        try {
            if (!ModelSerializer.listObjectsInFile(f).contains(INFO_KEY)) {
                return new Loaded(network, ModelInfo.unknown(classes));
            }
            String json = ModelSerializer.getObjectFromFile(f, INFO_KEY);
            return new Loaded(network, JSON.readValue(json, ModelInfo.class));
        } catch (IOException | RuntimeException e) {
            throw new DataException("model file " + file + ": its " + INFO_KEY + " entry is unreadable: "
                    + e.getMessage(), e);
        }
    }
}
