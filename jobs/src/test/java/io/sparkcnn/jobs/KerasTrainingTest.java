package io.sparkcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.data.ImageShape;
import io.sparkcnn.evaluation.TrainingMetrics;
import io.sparkcnn.models.KerasH5Writer;
import io.sparkcnn.settings.DataSettings;
import io.sparkcnn.settings.LoopSettings;
import io.sparkcnn.settings.ModelSettings;
import io.sparkcnn.settings.SettingsException;
import io.sparkcnn.settings.TrainSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's Keras CNN ({@code --model keras:FILE}) trained by the engine in local[2], on a Fashion-MNIST subset:
 * it reaches the seed CNN's accuracy (the same layers; Keras' initialisation) within the spread of seeds, on the fast
 * layers, and run.json names the file.
 */
class KerasTrainingTest extends SparkTestContext {
    private static final Path COURSE_CNN = Path.of("../examples/keras/fashion-cnn.json");
    private static final DatasetResolver RESOLVER = DatasetResolver.standard(msg -> { });

    @TempDir
    Path tmp;

    private TrainingMetrics train(TrainSettings settings) {
        return TrainJob.run(sc, settings, RESOLVER.resolve(settings.data().dataset(), settings.data().dataDir()));
    }

    private static TrainSettings fashion(Path output, String model, long seed) {
        return TrainSettings.defaults(output).withModel(ModelSettings.of(model))
                .withLoop(LoopSettings.defaults().withEpochs(2).withSeed(seed))
                .withData(DataSettings.defaults().withTrainLimit(3000).withTestLimit(1000)).validate();
    }

    /**
     * Two seeds each: on 3,000 images and 2 epochs one seed moves the accuracy by about a percentage point, so the
     * means of two seeds are within 3 points of each other when the two train alike (a network that trained wrongly,
     * e.g. with its dense rows in the wrong order or at another learning rate, would be far off).
     */
    @Test
    void theCourseCnnFromKerasTrainsAsTheSeedCnnDoesOnTheFastLayers() throws IOException {
        double keras = 0;
        double cnn = 0;
        for (long seed : new long[] {1, 2}) {
            Path out = tmp.resolve("keras-" + seed);
            TrainingMetrics k = train(fashion(out, "keras:" + COURSE_CNN, seed));
            keras += k.finalReport().testAccuracy() / 2;
            cnn += train(fashion(tmp.resolve("cnn-" + seed), "cnn", seed)).finalReport().testAccuracy() / 2;
            JsonNode file = new ObjectMapper().readTree(out.resolve("run.json").toFile()).at("/settings/modelFile");
            assertEquals("fashion-cnn.json", file.get("file").asText());
            assertEquals(32, file.get("md5").asText().length());
            assertEquals(6, file.get("layers").size());
            file.get("layers").forEach(l -> assertTrue(l.asText().endsWith(": fast"), l.asText()));
        }
        assertTrue(keras > 0.70, "10 classes, 2 epochs on 3,000 images: " + keras);
        assertEquals(cnn, keras, 0.03, "mean test accuracy of seeds 1-2, keras:FILE against --model cnn");
    }

    /**
     * An .h5 file: its compile() optimizer is used, its weights are where training starts (that they are loaded right
     * is KerasModelTest's: the network computes what DL4J's own import of the file does).
     */
    @Test
    void anH5FileTrainsFromItsWeightsWithItsOptimizer() throws IOException {
        Path h5 = KerasH5Writer.courseCnn(tmp.resolve("course.h5"), COURSE_CNN, Optional.of("{\"loss\":"
                + " \"sparse_categorical_crossentropy\", \"optimizer_config\": {\"class_name\": \"Adam\", \"config\":"
                + " {\"learning_rate\": 0.002}}}"));
        Path out = tmp.resolve("h5");
        TrainSettings settings = fashion(out, "keras:" + h5, 1).withLoop(LoopSettings.defaults().withEpochs(1));
        assertTrue(train(settings).finalReport().testAccuracy() > 0.5);
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile()).at("/settings");
        assertEquals("adam", run.get("optimizer").asText());
        assertEquals(0.002, run.get("learningRate").asDouble(), 1e-12, "compile(optimizer=Adam(0.002))");
        assertEquals("from the file", run.at("/modelFile/weights").asText());
        assertTrue(run.at("/modelFile/optimizerFrom").asText().startsWith("the file's training configuration"));
        assertEquals("h5", run.at("/modelFile/format").asText());
    }

    @Test
    void aModelForOtherClassesThanTheDatasetsFailsWithoutAnOutput() throws IOException {
        Path data = IdxFixtures.writeDataset(tmp.resolve("data"), 60, 30, 3, new ImageShape(28, 28, 1));
        Path out = tmp.resolve("out");
        TrainSettings settings = TrainSettings.defaults(out).withModel(ModelSettings.of("keras:" + COURSE_CNN))
                .withData(DataSettings.defaults().withDataset("three").withDataDir(data))
                .withLoop(LoopSettings.defaults().withEpochs(1).withBatchSize(8)).validate();
        SettingsException e = assertThrows(SettingsException.class, () -> train(settings));
        assertTrue(e.getMessage().contains("has 10 units, but the dataset has 3 classes"), e.getMessage());
        assertFalse(Files.exists(out), "no output directory for a failed run");
        assertEquals(List.of("data"), Files.list(tmp).map(p -> p.getFileName().toString()).toList());
    }
}
