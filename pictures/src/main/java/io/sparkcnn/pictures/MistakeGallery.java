package io.sparkcnn.pictures;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The test images the network got wrong with the most confidence: where it is most sure and still wrong is where
 * a person learns most about what it has (not) learned, and about doubtful labels in the data.
 */
public final class MistakeGallery {
    static final int SCALE = 3;
    static final int CAPTION = 30;
    static final int COLUMNS = 6;

    private MistakeGallery() {
    }

    /** One wrong prediction: the example, its true label, what the network said and with which probability. */
    public record Mistake(int index, int trueLabel, int predicted, double probability) {
    }

    /** Up to {@code k} wrong predictions, most confident first ({@code probabilities[i]} sums to 1 over classes). */
    public static List<Mistake> mostConfidentlyWrong(float[][] probabilities, int[] labels, int k) {
        List<Mistake> wrong = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            float[] p = probabilities[i];
            int best = IntStream.range(0, p.length).reduce((a, b) -> p[b] > p[a] ? b : a).orElseThrow();
            if (best != labels[i]) {
                wrong.add(new Mistake(i, labels[i], best, p[best]));
            }
        }
        wrong.sort(Comparator.comparingDouble(Mistake::probability).reversed().thenComparingInt(Mistake::index));
        return wrong.subList(0, Math.min(k, wrong.size()));
    }

    /**
     * The mistakes' images ({@code pixels.get(m.index())}, values in [0, 1], {@code channels} planes: 1 gray, 3 RGB)
     * with captions "true → predicted p".
     */
    public static BufferedImage render(List<Mistake> mistakes, List<float[]> pixels, int rows, int cols,
                                       int channels, List<String> labels) {
        int tileW = Math.max(cols * SCALE, 128);
        int tileH = rows * SCALE + CAPTION;
        int columns = Math.max(1, Math.min(COLUMNS, mistakes.size()));
        int gridRows = Math.max(1, (mistakes.size() + columns - 1) / columns);
        BufferedImage image = new BufferedImage(columns * (tileW + 8) + 8, gridRows * (tileH + 8) + 8,
                BufferedImage.TYPE_INT_RGB);
        TileGrid.fill(image, Color.WHITE);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int t = 0; t < mistakes.size(); t++) {
            Mistake m = mistakes.get(t);
            int x = 8 + (t % columns) * (tileW + 8);
            int y = 8 + (t / columns) * (tileH + 8);
            TileGrid.drawImage(image, pixels.get(m.index()), rows, cols, channels, x + (tileW - cols * SCALE) / 2, y,
                    SCALE);
            g.setColor(new Color(0, 110, 0));
            g.drawString("true: " + labels.get(m.trueLabel()), x, y + rows * SCALE + 12);
            g.setColor(new Color(180, 0, 0));
            g.drawString(String.format("said: %s %.0f%%", labels.get(m.predicted()), 100 * m.probability()), x,
                    y + rows * SCALE + 25);
        }
        g.dispose();
        return image;
    }
}
