package io.sparkcnn.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import io.sparkcnn.settings.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What spark-cnn cannot train from a Keras file is a usage error naming the file, the layer and what is supported. */
class KerasModelErrorsTest {
    @TempDir
    Path dir;

    @Test
    void anUnsupportedLayerIsNamedWithWhatIsSupported() throws IOException {
        String json = Files.readString(KerasModelTest.COURSE_CNN).replace("{\"class_name\": \"Flatten\"",
                "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\", \"units\": 8}},\n {\"class_name\":"
                        + " \"Flatten\"");
        Path file = Files.writeString(dir.resolve("lstm.json"), json);
        assertRefused(file, "layer 'lstm' is a LSTM, which spark-cnn cannot train", "supported layers: Conv2D,"
                + " MaxPooling2D");
    }

    @Test
    void aCustomLayerIsNamed() throws IOException {
        String json = Files.readString(KerasModelTest.COURSE_CNN).replace("{\"class_name\": \"Flatten\"",
                "{\"class_name\": \"MyAttention\", \"config\": {\"name\": \"my_attention\"}},\n {\"class_name\":"
                        + " \"Flatten\"");
        assertRefused(Files.writeString(dir.resolve("custom.json"), json), "layer 'my_attention' is a MyAttention",
                "a custom layer");
    }

    @Test
    void aFunctionalModelWithBranchesIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("branches.json"), functional(true));
        assertRefused(file, "a functional model with branches: layer 'skip' takes [flatten], not just the layer"
                + " before it ('dense')", "Sequential models");
    }

    @Test
    void malformedJsonIsNamedWithWhere() throws IOException {
        String json = Files.readString(KerasModelTest.COURSE_CNN);
        Path file = Files.writeString(dir.resolve("cut.json"), json.substring(0, json.length() / 2));
        assertRefused(file, "cut.json: malformed JSON", "line ");
        assertRefused(Files.writeString(dir.resolve("list.json"), "[1, 2]"), "not a Keras model's JSON");
        assertRefused(Files.writeString(dir.resolve("empty.json"), ""), "the file is empty");
        assertRefused(dir.resolve("missing.json"), "missing.json: no such file");
    }

    @Test
    void aTruncatedH5FileIsNamed() throws IOException {
        Path h5 = KerasModelTest.courseH5(dir, Optional.empty());
        byte[] bytes = Files.readAllBytes(h5);
        Path cut = Files.write(dir.resolve("cut.h5"), Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(cut, "cut.h5: ", "truncated or damaged");
        Path head = Files.write(dir.resolve("head.h5"), Arrays.copyOf(bytes, 100));
        assertRefused(head, "head.h5: ", "truncated or damaged");
    }

    @Test
    void imagesOrClassesOtherThanTheDatasetsAreNamedWithBoth() {
        String name = "keras:" + KerasModelTest.COURSE_CNN;
        ModelDefinition model = ModelCatalog.get(name);
        SettingsException shape = assertThrows(SettingsException.class, () -> ModelCatalog.newNetwork(name,
                new ModelSpec(32, 32, 3, 10, model.defaults(), 1, LayerImplementation.FAST)));
        assertContains(shape.getMessage(), "input of shape [28, 28, 1]", "the dataset's images are 32x32x3",
                "input_shape=(32, 32, 3)");
        SettingsException classes = assertThrows(SettingsException.class, () -> ModelCatalog.newNetwork(name,
                new ModelSpec(28, 28, 1, 3, model.defaults(), 1, LayerImplementation.FAST)));
        assertContains(classes.getMessage(), "last layer 'dense_1' has 10 units, but the dataset has 3 classes");
    }

    private static void assertRefused(Path file, String... parts) {
        SettingsException e = assertThrows(SettingsException.class, () -> ModelCatalog.get("keras:" + file));
        assertContains(e.getMessage(), parts);
        assertTrue(e.getMessage().startsWith("--model keras:" + file + ": "), e.getMessage());
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    /** A functional model (Keras 2's JSON) on 28x28 gray images in 3 classes: one chain, or with a branch. */
    static String functional(boolean branch) {
        String dense = "{\"class_name\": \"Dense\", \"config\": {\"name\": \"%s\", \"trainable\": true, \"dtype\":"
                + " \"float32\", \"units\": %d, \"activation\": \"%s\", \"use_bias\": true,"
                + " \"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}},"
                + " \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}}, \"name\": \"%s\","
                + " \"inbound_nodes\": [[[\"%s\", 0, 0, {}]]]}";
        String layers = "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 28, 28, 1],"
                + " \"dtype\": \"float32\", \"name\": \"input_1\"}, \"name\": \"input_1\", \"inbound_nodes\": []},"
                + " {\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", \"data_format\":"
                + " \"channels_last\"}, \"name\": \"flatten\", \"inbound_nodes\": [[[\"input_1\", 0, 0, {}]]]}, "
                + String.format(dense, "dense", 16, "relu", "dense", "flatten") + ", "
                + (branch ? String.format(dense, "skip", 16, "relu", "skip", "flatten") + ", " : "")
                + String.format(dense, "dense_1", 3, "softmax", "dense_1", branch ? "skip" : "dense");
        return "{\"class_name\": \"Functional\", \"config\": {\"name\": \"model\", \"layers\": [" + layers + "],"
                + " \"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"dense_1\", 0, 0]]},"
                + " \"keras_version\": \"2.12.0\", \"backend\": \"tensorflow\"}";
    }
}
