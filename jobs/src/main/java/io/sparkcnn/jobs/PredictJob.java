package io.sparkcnn.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.data.DataException;
import io.sparkcnn.data.IdxReader;
import io.sparkcnn.data.ImageFiles;
import io.sparkcnn.data.ImageFraming;
import io.sparkcnn.data.ImageSet;
import io.sparkcnn.data.ImageShape;
import io.sparkcnn.data.PictureFiles;
import io.sparkcnn.evaluation.Predictions;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.output.ModelInfo;

/**
 * {@code predict}: classes for picture files and for every image of IDX image files, computed in this JVM. Pictures
 * are prepared like the training data: framed as MNIST and Fashion-MNIST framed theirs for a model of 28x28 gray
 * images ({@link ImageFiles}), else resized to the model's images ({@link PictureFiles}).
 */
public final class PredictJob {
    private PredictJob() {
    }

    /** One input's prediction: the input (a file, or file#index inside an IDX file) and its top classes. */
    public record Prediction(String input, List<Ranked> top) {
    }

    /** A class with its probability. */
    public record Ranked(int label, String name, double probability) {
    }

    public static List<Prediction> run(ModelFile.Loaded model, List<Path> inputs, int topK) {
        ModelInfo info = model.info();
        ImageFraming framing = ImageFraming.forDataset(info.dataset());
        List<Prediction> out = new ArrayList<>();
        for (Path input : inputs) {
            if (isIdx(input)) {
                ImageSet images = IdxReader.readImages(input);
                if (!images.shape().equals(info.shape())) {
                    throw new DataException(input + " holds " + images.shape().describe()
                            + " images but the model expects " + info.shape().describe());
                }
                int n = images.pixelsPerImage();
                for (int i = 0; i < images.count(); i++) {
                    float[] pixels = new float[n];
                    for (int p = 0; p < n; p++) {
                        pixels[p] = (images.pixels()[i * n + p] & 0xFF) / 255f;
                    }
                    out.add(new Prediction(input + "#" + i, top(model, pixels, topK)));
                }
            } else {
                float[] pixels = info.shape().equals(ImageShape.MNIST) ? ImageFiles.read(input, framing)
                        : PictureFiles.read(input, info.shape());
                out.add(new Prediction(input.toString(), top(model, pixels, topK)));
            }
        }
        return out;
    }

    private static List<Ranked> top(ModelFile.Loaded model, float[] pixels, int k) {
        float[] p = Predictions.of(model.network(), pixels);
        List<Ranked> ranked = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            ranked.add(new Ranked(c, model.info().labelNames().get(c), p[c]));
        }
        ranked.sort((a, b) -> Double.compare(b.probability(), a.probability()));
        return ranked.subList(0, Math.min(k, ranked.size()));
    }

    /** IDX image files start with 0x00000803, or are gzipped (no picture format we read is). */
    static boolean isIdx(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            boolean idx = head.length == 4 && head[0] == 0 && head[1] == 0 && head[2] == 8 && head[3] == 3;
            boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            return idx || gzip;
        } catch (IOException e) {
            throw new DataException(input(file) + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String input(Path file) {
        return Files.exists(file) ? file.toString() : file + " (no such file)";
    }
}
