package io.sparkcnn.output;

import io.sparkcnn.data.MinibatchFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import io.sparkcnn.data.DataException;
import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.ImageShape;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.layers.runtime.TrainingNetwork;
import io.sparkcnn.models.ModelFixtures;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import io.sparkcnn.evaluation.Predictions;
import io.sparkcnn.jobs.PredictJob;
import io.sparkcnn.jobs.VisualizeJob;
import io.sparkcnn.settings.SettingsException;

/** predict, visualize and the model file, on a small mlp trained here on real Fashion-MNIST images. */
class SavedModelTest {
    @TempDir
    static Path tmp;

    private static ResolvedDataset fashion;
    private static LabeledImages test;
    private static Path modelFile;
    private static INDArray savedParams;

    @BeforeAll
    static void trainAndSave() throws IOException {
        fashion = DatasetResolver.standard(msg -> { }).resolve("fashion-mnist", Optional.empty());
        LabeledImages train = fashion.loadTrain().firstN(3000);
        test = fashion.loadTest().firstN(200);
        MultiLayerNetwork net = ModelFixtures.network("mlp", 1);
        DataSet all = MinibatchFiles.toDataSet(train, MinibatchFiles.range(train.size()), 0, train.size());
        for (int epoch = 0; epoch < 3; epoch++) {
            for (DataSet batch : all.batchBy(50)) {
                net.fit(batch);
            }
        }
        savedParams = net.params().dup();
        modelFile = tmp.resolve("model.zip");
        ModelFile.write(net, new ModelInfo("mlp", "fashion-mnist", fashion.labelNames(), ImageShape.MNIST), modelFile);
    }

    @Test
    void predictGivesTheNetworksOwnAnswerForIdxImagesAndForTheSamePicturesAsPng() throws IOException {
        ModelFile.Loaded model = ModelFile.read(modelFile);
        Path idx = tmp.resolve("five-idx3-ubyte");
        Files.write(idx, idxImages(test, 5));
        List<Path> pngs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pngs.add(png(test, i, tmp.resolve("image" + i + ".png")));
        }
        List<PredictJob.Prediction> fromIdx = PredictJob.run(model, List.of(idx), 3);
        List<PredictJob.Prediction> fromPng = PredictJob.run(model, pngs, 1);
        float[][] direct = Predictions.of(model.network(), test.firstN(5));
        assertEquals(5, fromIdx.size());
        int agree = 0;
        for (int i = 0; i < 5; i++) {
            PredictJob.Ranked best = fromIdx.get(i).top().get(0);
            assertEquals(idx + "#" + i, fromIdx.get(i).input());
            assertEquals(Predictions.argmax(direct[i]), best.label(), "IDX image " + i);
            assertEquals(direct[i][best.label()], best.probability(), 1e-6);
            assertEquals(fashion.labelNames().get(best.label()), best.name());
            assertEquals(3, fromIdx.get(i).top().size());
            assertTrue(fromIdx.get(i).top().get(1).probability() <= best.probability(), "ranked");
            agree += fromPng.get(i).top().get(0).label() == best.label() ? 1 : 0;
        }
        // A PNG goes through the picture pipeline (crop, rescale, centre), so it may differ a little.
        assertTrue(agree >= 4, "PNG copies of the test images get the same class: " + agree + " of 5");
    }

    /** A loaded model is rebuilt as a TrainingNetwork, whose inference takes the fast layers' shortcuts. */
    @Test
    void aLoadedModelIsATrainingNetworkWithTheSavedWeights() {
        MultiLayerNetwork loaded = ModelFile.read(modelFile).network();
        assertInstanceOf(TrainingNetwork.class, loaded);
        assertEquals(savedParams, loaded.params());
    }

    @Test
    void predictRefusesFilesThatAreNotPictures() throws IOException {
        ModelFile.Loaded model = ModelFile.read(modelFile);
        Path text = Files.writeString(tmp.resolve("notes.png"), "not a picture");
        DataException e = assertThrows(DataException.class, () -> PredictJob.run(model, List.of(text), 1));
        assertTrue(e.getMessage().contains("notes.png") && e.getMessage().contains("not an image"), e.getMessage());

        byte[] png = Files.readAllBytes(png(test, 0, tmp.resolve("whole.png")));
        Path truncated = tmp.resolve("truncated.png");
        Files.write(truncated, java.util.Arrays.copyOf(png, 60));
        DataException t = assertThrows(DataException.class, () -> PredictJob.run(model, List.of(truncated), 1));
        assertTrue(t.getMessage().contains("truncated.png"), t.getMessage());
    }

    @Test
    void predictRefusesIdxImagesOfAnotherSize() throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + 2 * 32 * 32);
        b.putInt(0x803).putInt(2).putInt(32).putInt(32);
        Path idx = Files.write(tmp.resolve("big-idx3-ubyte"), b.array());
        DataException e = assertThrows(DataException.class,
                () -> PredictJob.run(ModelFile.read(modelFile), List.of(idx), 1));
        assertTrue(e.getMessage().contains("holds 32x32 gray images but the model expects 28x28 gray"), e.getMessage());
    }

    @Test
    void modelFileErrorsNameTheFile() throws IOException {
        DataException missing = assertThrows(DataException.class, () -> ModelFile.read(tmp.resolve("none.zip")));
        assertTrue(missing.getMessage().contains("none.zip"), missing.getMessage());
        Path junk = Files.writeString(tmp.resolve("junk.zip"), "PK not really");
        DataException bad = assertThrows(DataException.class, () -> ModelFile.read(junk));
        assertTrue(bad.getMessage().contains("junk.zip") && bad.getMessage().contains("not a DL4J"), bad.getMessage());
    }

    @Test
    void visualizeWritesEveryPictureOfTheModelAtOnce() throws IOException {
        Path out = tmp.resolve("pictures-of-mlp");
        List<String> pictures = VisualizeJob.run(ModelFile.read(modelFile), fashion, Optional.empty(), 2, 300, out,
                false);
        // An mlp has no convolutions: no kernels or feature maps, but the confusion map and the mistakes.
        assertEquals(List.of("confusion.png", "mistakes.png"), pictures);
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(2, html.split("<img ", -1).length - 1, "both pictures embedded");
        assertTrue(html.contains("most confidently wrong"), "captioned");
        assertThrows(SettingsException.class, () -> VisualizeJob.run(ModelFile.read(modelFile), fashion,
                Optional.empty(), 2, 300, out, false), "an existing output is refused without --overwrite");
        try (var left = Files.list(tmp)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".pictures-of-mlp.partial")),
                    "the refused run left no staging directory");
        }
    }

    private static byte[] idxImages(LabeledImages data, int n) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 784);
        b.putInt(0x803).putInt(n).putInt(28).putInt(28);
        float[] pixels = new float[784];
        for (int i = 0; i < n; i++) {
            data.copyPixels(i, pixels, 0);
            for (float p : pixels) {
                b.put((byte) Math.round(p * 255));
            }
        }
        return b.array();
    }

    /** Test image i as a PNG three times the size, dark on white like a photo of the object. */
    private static Path png(LabeledImages data, int i, Path file) throws IOException {
        float[] pixels = new float[784];
        data.copyPixels(i, pixels, 0);
        BufferedImage image = new BufferedImage(84, 84, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 84; y++) {
            for (int x = 0; x < 84; x++) {
                int v = 255 - Math.round(255 * pixels[(y / 3) * 28 + x / 3]);
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
