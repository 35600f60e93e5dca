package io.sparkcnn.driver;

import static io.sparkcnn.driver.CliRun.assertUsageError;
import static io.sparkcnn.driver.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.driver.options.ConfigFileOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: exit codes and messages. */
class CommandLineTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsTheOptions() {
        CliRun r = run("train", "--help");
        assertEquals(0, r.exitCode());
        for (String option : new String[] {"--dataset", "--data-dir", "--epochs", "--workers", "--batch-size",
            "--averaging-frequency", "--learning-rate", "--seed", "--master", "--output"}) {
            assertTrue(r.out().contains(option), option + " in --help");
        }
    }

    @Test
    void missingSubcommand() {
        assertUsageError(run(), "missing subcommand");
    }

    @Test
    void unknownSubcommandAndOption() {
        assertUsageError(run("trian"), "Unmatched argument at index 0: 'trian'");
        assertUsageError(run("train", "--epoch", "3"), "Unknown options: '--epoch', '3'");
    }

    /** A Keras file that cannot be trained: one line naming the file and what in it, exit 2, nothing written. */
    @Test
    void kerasFilesThatCannotBeTrainedAreUsageErrors() throws IOException {
        Path out = tmp.resolve("out");
        assertUsageError(run("train", "--model", "keras:" + tmp.resolve("nosuch.json"), "--output", out.toString()),
                "--model keras:" + tmp.resolve("nosuch.json") + ": no such file");
        Path lstm = Files.writeString(tmp.resolve("lstm.json"), "{\"class_name\": \"Sequential\", \"config\":"
                + " {\"name\": \"s\", \"layers\": [{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\","
                + " \"units\": 4}}]}, \"keras_version\": \"2.12.0\", \"backend\": \"tensorflow\"}");
        assertUsageError(run("train", "--model", "keras:" + lstm, "--output", out.toString()),
                "layer 'lstm' is a LSTM, which spark-cnn cannot train");
        assertUsageError(run("train", "--model", "keras:../examples/keras/fashion-cnn.json", "--hidden-units", "64",
                "--output", out.toString()), "--hidden-units: model 'keras:../examples/keras/fashion-cnn.json' has"
                + " fixed hidden layers");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void badValues() {
        assertUsageError(run("train", "--epochs", "three"), "Invalid value for option '--epochs'");
        assertUsageError(run("train", "--epochs", "0", "--workers", "-1"),
                "--epochs must be at least 1, was 0; --workers must be at least 1, was -1");
        assertUsageError(run("train", "--learning-rate", "0"), "--learning-rate must be in (0, 10]");
        assertUsageError(run("train", "--model", "resnet"), "--model 'resnet' is unknown");
        assertUsageError(run("train", "--dataset", "cifar"), "--dataset 'cifar' is unknown");
        assertUsageError(run("train", "--batch-size"), "Missing required parameter for option '--batch-size'");
        assertUsageError(run("train", "--optimizer", "adagrad"), "expected one of sgd, momentum, adam, rmsprop");
        assertUsageError(run("train", "--weight-init", "zeros"), "expected one of xavier, xavier-uniform, he");
        assertUsageError(run("train", "--dropout", "1", "--lr-decay", "0"),
                "--lr-decay must be in (0, 1], was 0.0; --dropout must be in [0, 1), was 1.0");
        assertUsageError(run("train", "--lr-schedule", "linear"), "expected one of exponential, cosine");
        assertUsageError(run("train", "--lr-schedule", "cosine", "--lr-decay", "0.9"),
                "--lr-decay: the cosine schedule takes no decay factor");
        assertUsageError(run("predict", "--model-file", "m.zip", "--top", "0", "x.png"), "--top must be at least 1");
        assertUsageError(run("train", "--augment-shift", "9"), "--augment-shift must be between 0 and 4 pixels, was 9");
        assertUsageError(run("train", "--model", "mlp", "--filters", "8,8"), "--filters: model 'mlp' has no convolutions");
        assertUsageError(run("train", "--model", "cnn-bn", "--filters", "64"),
                "--filters: model 'cnn-bn' has 2 convolutions, so expected 2 numbers, one per convolution (its default:"
                        + " [32, 32]), got [64]");
        assertUsageError(run("train", "--filters", "32,0"), "--filters must each be in [1, 1024], was [32, 0]");
        assertUsageError(run("train", "--filters", "32,x"), "Invalid value for option '--filters'");
        assertUsageError(run("train", "--model", "lenet5", "--hidden-units", "64"),
                "--hidden-units: model 'lenet5' has fixed hidden layers");
        assertUsageError(run("train", "--worker-scaling", "linear"), "expected one of sqrt, none");
        assertUsageError(run("scaling", "--workers-list", "1,0", "--epochs", "0"),
                "--epochs must be at least 1, was 0; --workers-list must list worker counts of at least 1, was [1, 0]");
        assertUsageError(run("scaling", "--worker-scaling", "sqrt,cubic"), "expected one of sqrt, none");
    }

    @Test
    void configFileErrorsNameTheFileAndTheField() throws IOException {
        Path unknown = Files.writeString(tmp.resolve("unknown.yaml"), "epochs: 2\nlerning-rate: 0.1\n");
        assertUsageError(run("train", "--config", unknown.toString()), "unknown.yaml: unknown field 'lerning-rate'");
        Path malformed = Files.writeString(tmp.resolve("malformed.yaml"), "epochs: [2\n");
        assertUsageError(run("train", "--config", malformed.toString()), "config file " + malformed);
        Path list = Files.writeString(tmp.resolve("list.yaml"), "epochs:\n  - 2\n  - 3\n");
        assertUsageError(run("train", "--config", list.toString()), "field 'epochs' must be a single value");
        assertUsageError(run("train", "--config", tmp.resolve("none.yaml").toString()), "none.yaml does not exist");
        Path badValue = Files.writeString(tmp.resolve("bad.yaml"), "epochs: -2\n");
        assertUsageError(run("train", "--config", badValue.toString()), "--epochs must be at least 1, was -2");
    }

    @Test
    void theExampleConfigFilesAreValid() throws IOException {
        try (var files = Files.list(Path.of("..", "examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                CommandLine cli = SparkCnn.commandLine();
                String[] args = ConfigFileOptions.expand(cli, new String[] {"train", "--config", file.toString()});
                assertTrue(args.length > 3, file + " sets options");
                cli.parseArgs(args); // throws on an unknown option or a bad value
            }
        }
    }

    @Test
    void modelsListsTheZoo() {
        CliRun r = run("models");
        assertEquals(0, r.exitCode(), r.err());
        for (String line : new String[] {"mlp     sgd       0.5", "cnn     adam      0.001", "cnn-bn  adam",
            "lenet5  adam"}) {
            assertTrue(r.out().contains(line), line + " in:\n" + r.out());
        }
    }

    @Test
    void savedModelErrorsAreDataErrors() throws IOException {
        CliRun missing = run("evaluate", "--model-file", tmp.resolve("none.zip").toString());
        assertEquals(SparkCnn.EXIT_DATA, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("none.zip does not exist"), missing.err());
        Path junk = Files.writeString(tmp.resolve("junk.zip"), "junk");
        CliRun predict = run("predict", "--model-file", junk.toString(), "a.png");
        assertEquals(SparkCnn.EXIT_DATA, predict.exitCode(), predict.err());
        assertTrue(predict.err().contains("junk.zip is not a DL4J"), predict.err());
    }

    @Test
    void missingDataIsADataError() throws IOException {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("d"), 20, 10);
        Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));
        CliRun r = run("train", "--data-dir", dir.toString(), "--output", tmp.resolve("out").toString());
        assertEquals(SparkCnn.EXIT_DATA, r.exitCode(), r.err());
        assertTrue(r.err().contains("missing train-images-idx3-ubyte[.gz]"), r.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void trainsOnAnyMnistFormatDirectoryAndWritesOutputs() throws IOException {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("mine"), 400, 100);
        Path out = tmp.resolve("out");
        CliRun r = run("train", "--dataset", "mine", "--data-dir", dir.toString(), "--epochs", "2",
                "--batch-size", "20", "--averaging-frequency", "2", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(2, metrics.at("/epochs").size());
        assertTrue(metrics.at("/final/testAccuracy").asDouble() > 0.9,
                "the fixture's classes are easy: " + metrics.at("/final/testAccuracy"));
        assertTrue(Files.isRegularFile(out.resolve("model.zip")));
        assertTrue(Files.isRegularFile(out.resolve("run.json")));

        CliRun again = run("train", "--dataset", "mine", "--data-dir", dir.toString(), "--output", out.toString());
        assertUsageError(again, "already exists and is not empty");

        // The other commands take the model as train wrote it.
        Path figures = tmp.resolve("evaluation.json");
        CliRun evaluate = run("evaluate", "--model-file", out.resolve("model.zip").toString(), "--dataset", "mine",
                "--data-dir", dir.toString(), "--output", figures.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertEquals(metrics.at("/final/testAccuracy").asDouble(),
                new ObjectMapper().readTree(figures.toFile()).at("/testAccuracy").asDouble(), 1e-9);
        CliRun predict = run("predict", "--model-file", out.resolve("model.zip").toString(),
                dir.resolve("t10k-images-idx3-ubyte.gz").toString());
        assertEquals(0, predict.exitCode(), predict.err());
        CliRun visualize = run("visualize", "--model-file", out.resolve("model.zip").toString(), "--data-dir",
                dir.toString(), "--output", tmp.resolve("pictures").toString());
        assertEquals(0, visualize.exitCode(), visualize.err());
        assertTrue(Files.isRegularFile(tmp.resolve("pictures").resolve("report.html")));
        assertTrue(Files.isRegularFile(tmp.resolve("pictures").resolve("pictures").resolve("loss.png")),
                "curves from the run directory beside the model");
    }

    @Test
    void configFileSetsOptionsAndTheCommandLineWins() throws IOException {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("mine"), 200, 50);
        Path out = tmp.resolve("out");
        Path config = Files.writeString(tmp.resolve("run.yaml"), String.join("\n",
                "# a course exercise",
                "dataset: mine",
                "data-dir: " + dir,
                "model: mlp",
                "epochs: 3",
                "batch-size: 20",
                "averaging-frequency: 2",
                "optimizer: momentum",
                "learning-rate: 0.05",
                "hidden-units: 32",
                "augment-shift: 1",
                "augment-flip: true",
                "overwrite: false",
                ""));
        CliRun r = run("train", "--config", config.toString(), "--epochs", "1", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode settings = new ObjectMapper().readTree(out.resolve("run.json").toFile()).at("/settings");
        assertEquals(1, settings.at("/epochs").asInt(), "the command line wins");
        assertEquals(20, settings.at("/batchSize").asInt(), "the file sets the rest");
        assertEquals("mlp", settings.at("/model").asText());
        assertEquals("momentum", settings.at("/optimizer").asText());
        assertEquals(0.05, settings.at("/learningRate").asDouble(), 1e-12);
        assertEquals(32, settings.at("/hiddenUnits").asInt());
        assertEquals("xavier", settings.at("/weightInit").asText(), "unset: the model's default");
        assertEquals(1, settings.at("/augmentShift").asInt(), "trained with shifted and mirrored images");
        assertTrue(settings.at("/augmentFlip").asBoolean());
    }

    @Test
    void shardsTrainWithTheSeedTheyWerePreparedWithUnlessASeedIsGiven() throws IOException {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("mine"), 200, 50);
        Path shards = tmp.resolve("shards");
        CliRun prepared = run("prepare", "--dataset", "mine", "--data-dir", dir.toString(), "--workers", "2",
                "--batch-size", "20", "--seed", "7", "--output", shards.toString());
        assertEquals(0, prepared.exitCode(), prepared.err());
        for (String[] seed : new String[][] {{}, {"--seed", "9"}}) {
            Path out = tmp.resolve("out" + seed.length);
            List<String> args = new ArrayList<>(List.of("train", "--shards", shards.toString(), "--epochs",
                    "1", "--averaging-frequency", "2", "--output", out.toString()));
            args.addAll(List.of(seed));
            CliRun r = run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());
            long used = new ObjectMapper().readTree(out.resolve("run.json").toFile()).at("/settings/seed").asLong();
            assertEquals(seed.length == 0 ? 7 : 9, used, "without --seed, the shards' own seed");
        }
    }
}
