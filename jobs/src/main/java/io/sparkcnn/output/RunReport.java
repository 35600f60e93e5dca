package io.sparkcnn.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sparkcnn.data.ImageShape;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.pictures.Charts;
import io.sparkcnn.pictures.ConfusionHeatMap;
import io.sparkcnn.pictures.FeatureMapPictures;
import io.sparkcnn.pictures.HtmlReport;
import io.sparkcnn.pictures.KernelPictures;
import io.sparkcnn.pictures.MistakeGallery;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.evaluation.Predictions;
import io.sparkcnn.evaluation.TrainingMetrics;

/**
 * The pictures of a model ({@code pictures/*.png}) and {@code report.html}, the one page that shows them with the
 * run's figures, configuration and provenance. Written by {@code train} at the end of every run and by
 * {@code visualize} for an existing model.
 */
public final class RunReport {
    /** Test images whose feature maps are drawn by default: the first image of each of the first classes. */
    public static final int DEFAULT_FEATURE_IMAGES = 3;
    static final int MISTAKES = 24;

    private RunReport() {
    }

    /**
     * What the report is about.
     *
     * @param metrics       the run's figures, when the model comes with them (train, or a run directory)
     * @param run           the run's provenance, likewise
     * @param featureImages how many test images get feature-map pictures
     * @param probabilities the test images' class probabilities as the run's final evaluation computed them, in the
     *                      images' order (train); drawn from when they count the evaluation's confusion matrix,
     *                      else (and when absent) the report predicts the test images anew
     */
    public record Inputs(MultiLayerNetwork network, ModelInfo info, LabeledImages test,
                         Optional<TrainingMetrics> metrics, Optional<RunRecord> run, int featureImages,
                         Optional<float[][]> probabilities) {
    }

    /** Writes {@code pictures/} and {@code report.html} into {@code dir}; returns the pictures' file names. */
    public static List<String> write(Inputs in, Path dir) throws IOException {
        Path pictures = Files.createDirectories(dir.resolve("pictures"));
        ModelInfo info = in.info();
        int[] labels = in.test().labels();
        int classes = info.labelNames().size();
        Optional<float[][]> evaluated = in.probabilities().filter(p -> countsTheFinalEvaluation(p, in));
        float[][] probabilities = evaluated.orElseGet(() -> Predictions.of(in.network(), in.test()));
        int[][] confusion = confusion(probabilities, labels, classes);
        double accuracy = accuracy(confusion, labels.length);

        HtmlReport html = new HtmlReport("spark-cnn: " + info.model() + " on " + info.dataset());
        html.paragraph(String.format("Test accuracy %.4f on %d test images (%s).", accuracy, labels.length,
                evaluated.isPresent() ? "predicted by the final evaluation" : "computed for this report"));
        try (ReportPictures sink = new ReportPictures(pictures, html)) {
            drawPictures(in, sink, html, probabilities, confusion);
            html.heading("Model");
            html.keyValues(modelFacts(in));
            in.run().ifPresent(r -> provenance(r, html));
            Files.writeString(dir.resolve("report.html"), html.html(), StandardCharsets.UTF_8);
            return sink.finish();
        }
    }

    /** The pictures and the training's table, in the page's order. */
    private static void drawPictures(Inputs in, ReportPictures sink, HtmlReport html, float[][] probabilities,
                                     int[][] confusion) {
        ModelInfo info = in.info();
        int[] labels = in.test().labels();

        in.metrics().ifPresent(m -> {
            html.heading("Training");
            sink.add("loss.png", () -> Charts.perEpoch("Loss per epoch", "cross-entropy", List.of(
                    new Charts.Series("train (mean of averaging rounds)",
                            m.epochs().stream().map(EpochMetrics::trainLoss).toList()),
                    new Charts.Series("test", m.epochs().stream().map(EpochMetrics::testLoss).toList()))),
                    "Loss: falling training loss with a rising test loss means overfitting");
            sink.add("accuracy.png", () -> Charts.perEpoch("Accuracy per epoch", "accuracy", accuracySeries(m)),
                    "Accuracy: on the training images during each epoch (the predictions of the training passes,"
                            + " with the weights of the moment and dropout) and on the test set after it");
            if (m.workers() > 1 && m.epochs().stream().allMatch(e -> e.rounds() > 0)) {
                sink.add("drift.png", () -> Charts.withinEpochs("Replica drift at each averaging",
                        "% of the weights' norm", "root mean square distance of a replica from the replicas' mean",
                        m.epochs().stream().map(e -> e.roundDrift().stream().map(d -> 100 * d).toList()).toList()),
                        "How far apart the replicas were when they were averaged: longer rounds or larger steps let"
                                + " them drift further, and their mean is then less like any of them");
            }
            html.table(List.of("epoch", "learning rate", "train loss", "train accuracy (during the epoch)",
                    "test loss (after it)", "test accuracy (after it)",
                    "train s", "images/s", "rounds", "mean drift"), m.epochs().stream().map(e -> List.of(
                    Integer.toString(e.epoch()), String.format("%.3g", e.learningRate()), f4(e.trainLoss()),
                    f4(e.trainAccuracyOrNaN()), f4(e.testLoss()), f4(e.testAccuracy()),
                    String.format("%.1f", e.trainSeconds()), String.format("%.0f", e.imagesPerSecond()),
                    Integer.toString(e.rounds()), String.format("%.2f %%", 100 * e.meanDrift()))).toList());
        });

        html.heading("Test set");
        sink.add("confusion.png", () -> ConfusionHeatMap.render(confusion, info.labelNames()),
                "Confusion matrix: rows are true classes, columns predictions, shade = share of the row");
        List<MistakeGallery.Mistake> mistakes = MistakeGallery.mostConfidentlyWrong(probabilities, labels, MISTAKES);
        ImageShape shape = in.test().shape();
        sink.add("mistakes.png", () -> MistakeGallery.render(mistakes, pixelsOf(in.test()), shape.rows(),
                shape.cols(), shape.channels(), info.labelNames()),
                "The " + mistakes.size() + " most confidently wrong test images");

        html.heading("Convolution kernels");
        for (Map.Entry<String, BufferedImage> e : KernelPictures.of(in.network()).entrySet()) {
            sink.add("kernels-" + e.getKey() + ".png", e.getValue(), "Kernels of " + e.getKey()
                    + ": a row per output channel, a column per input channel, each stretched to its own range");
        }

        html.heading("Feature maps");
        for (int index : chosenImages(labels, in.featureImages())) {
            float[] pixels = in.test().pixels(index);
            String name = "image" + index + "-" + safe(info.labelNames().get(labels[index]));
            for (Map.Entry<String, BufferedImage> e : FeatureMapPictures.of(in.network(), pixels, shape.rows(),
                    shape.cols(), shape.channels()).entrySet()) {
                sink.add("features-" + name + "-" + e.getKey() + ".png", e.getValue(), "Test image " + index + " ("
                        + info.labelNames().get(labels[index]) + "), output of " + e.getKey()
                        + ", one map per channel");
            }
        }
    }

    private static void provenance(RunRecord r, HtmlReport html) {
        html.heading("Configuration");
        html.keyValues(r.settings());
        html.heading("Provenance");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", r.dataset());
        p.putAll(r.versions());
        p.put("spark", r.spark());
        p.put("git commit", r.gitCommit());
        p.put("started", r.started());
        p.put("finished", r.finished());
        html.keyValues(p);
    }

    /** The test accuracy per epoch, and the training accuracy during each epoch when every epoch recorded it. */
    private static List<Charts.Series> accuracySeries(TrainingMetrics m) {
        Charts.Series test = new Charts.Series("test (after the epoch)",
                m.epochs().stream().map(EpochMetrics::testAccuracy).toList());
        if (m.epochs().stream().anyMatch(e -> e.trainAccuracyDuringEpoch() == null)) {
            return List.of(test);
        }
        return List.of(new Charts.Series("train (during the epoch)",
                m.epochs().stream().map(EpochMetrics::trainAccuracyDuringEpoch).toList()), test);
    }

    /**
     * Whether {@code probabilities} are the test images', in their order: with the images' labels they count the
     * final evaluation's confusion matrix, image for image, and a test set in another order would not.
     */
    private static boolean countsTheFinalEvaluation(float[][] probabilities, Inputs in) {
        int[] labels = in.test().labels();
        return probabilities.length == labels.length && in.metrics().isPresent() && Arrays.deepEquals(
                confusion(probabilities, labels, in.info().labelNames().size()),
                in.metrics().get().finalReport().confusionMatrix());
    }

    /** The first test image of each of the first {@code n} classes present: different classes, same every time. */
    static List<Integer> chosenImages(int[] labels, int n) {
        List<Integer> chosen = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < labels.length && chosen.size() < n; i++) {
            if (seen.add(labels[i])) {
                chosen.add(i);
            }
        }
        return chosen;
    }

    static int[][] confusion(float[][] probabilities, int[] labels, int classes) {
        int[][] counts = new int[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]][Predictions.argmax(probabilities[i])]++;
        }
        return counts;
    }

    private static double accuracy(int[][] confusion, int total) {
        long right = 0;
        for (int c = 0; c < confusion.length; c++) {
            right += confusion[c][c];
        }
        return total == 0 ? 0 : (double) right / total;
    }

    private static Map<String, Object> modelFacts(Inputs in) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", in.info().model());
        m.put("trained on", in.info().dataset());
        m.put("parameters", in.network().numParams());
        for (int i = 0; i < in.network().getnLayers(); i++) {
            var layer = in.network().getLayerWiseConfigurations().getConf(i).getLayer();
            m.put("layer " + i, layer.getClass().getSimpleName() + " (" + in.network().getLayer(i).numParams()
                    + " parameters)");
        }
        return m;
    }

    private static List<float[]> pixelsOf(LabeledImages data) {
        List<float[]> all = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            all.add(data.pixels(i));
        }
        return all;
    }

    private static String f4(double v) {
        return String.format("%.4f", v);
    }

    private static String safe(String label) {
        return label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
