package io.sparkcnn.pictures;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The confusion matrix as a heat map: row = true class, column = predicted class, each cell showing its count and
 * shaded by the share of its row (so the diagonal is each class's recall and every off-diagonal dark cell is a
 * common confusion, whatever the class sizes).
 */
public final class ConfusionHeatMap {
    static final int CELL = 46;
    static final int LABEL_SPACE = 110;

    private ConfusionHeatMap() {
    }

    /** Top-left corner of cell (true row, predicted column). */
    public static int cellX(int column) {
        return LABEL_SPACE + column * CELL;
    }

    public static int cellY(int row) {
        return LABEL_SPACE / 2 + row * CELL;
    }

    /** The shade of a cell holding {@code share} of its row: white at 0, deep blue at 1. */
    public static Color shade(double share) {
        double s = Math.max(0, Math.min(1, share));
        return new Color((int) Math.round(255 - 225 * s), (int) Math.round(255 - 175 * s),
                (int) Math.round(255 - 75 * s));
    }

    public static BufferedImage render(int[][] counts, List<String> labels) {
        int n = counts.length;
        int size = LABEL_SPACE + n * CELL + LABEL_SPACE / 2 + 20; // room for the last turned label
        BufferedImage image = new BufferedImage(size, LABEL_SPACE / 2 + n * CELL + LABEL_SPACE,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int r = 0; r < n; r++) {
            long rowTotal = 0;
            for (int c = 0; c < n; c++) {
                rowTotal += counts[r][c];
            }
            for (int c = 0; c < n; c++) {
                double share = rowTotal == 0 ? 0 : (double) counts[r][c] / rowTotal;
                g.setColor(shade(share));
                g.fillRect(cellX(c), cellY(r), CELL, CELL);
                g.setColor(share > 0.5 ? Color.WHITE : Color.DARK_GRAY);
                String text = Integer.toString(counts[r][c]);
                g.drawString(text, cellX(c) + (CELL - fm.stringWidth(text)) / 2, cellY(r) + CELL / 2 + 4);
            }
            g.setColor(Color.BLACK);
            String label = shorten(labels.get(r));
            g.drawString(label, LABEL_SPACE - 6 - fm.stringWidth(label), cellY(r) + CELL / 2 + 4);
        }
        // Predicted-class labels under the columns, turned so long names fit.
        AffineTransform straight = g.getTransform();
        for (int c = 0; c < n; c++) {
            g.setTransform(straight);
            g.translate(cellX(c) + CELL / 2 + 4, cellY(n) + 6);
            g.rotate(Math.PI / 4);
            g.drawString(shorten(labels.get(c)), 0, 0);
        }
        g.setTransform(straight);
        g.setFont(g.getFont().deriveFont(Font.BOLD));
        g.drawString("true class (rows) / predicted class (columns)", LABEL_SPACE, LABEL_SPACE / 2 - 12);
        g.dispose();
        return image;
    }

    private static String shorten(String label) {
        return label.length() <= 14 ? label : label.substring(0, 13) + ".";
    }
}
