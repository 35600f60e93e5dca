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
 * The confusion matrix as a heat map: row = true class, column = predicted class, each cell shaded by the share of its
 * row (so the diagonal is each class's recall and every off-diagonal dark cell is a common confusion, whatever the
 * class sizes). Up to {@value #COUNTS_UP_TO} classes each cell shows its count; with more, the cells shrink so the
 * whole matrix stays about {@value #MATRIX_SIDE} pixels wide (100 classes: 12-pixel cells), and the shading alone
 * tells the story, with every class still named along both sides.
 */
public final class ConfusionHeatMap {
    static final int CELL = 46;
    static final int MIN_CELL = 12;
    static final int MATRIX_SIDE = 1200;
    static final int COUNTS_UP_TO = 25;
    static final int LABEL_SPACE = 110;

    private ConfusionHeatMap() {
    }

    /** The side of a cell for {@code classes} classes. */
    public static int cellSize(int classes) {
        return classes <= COUNTS_UP_TO ? CELL : Math.max(MIN_CELL, MATRIX_SIDE / classes);
    }

    /** Top-left corner of cell (true row, predicted column) of a matrix of {@code classes} classes. */
    public static int cellX(int column, int classes) {
        return LABEL_SPACE + column * cellSize(classes);
    }

    public static int cellY(int row, int classes) {
        return LABEL_SPACE / 2 + row * cellSize(classes);
    }

    /** The shade of a cell holding {@code share} of its row: white at 0, deep blue at 1. */
    public static Color shade(double share) {
        double s = Math.max(0, Math.min(1, share));
        return new Color((int) Math.round(255 - 225 * s), (int) Math.round(255 - 175 * s),
                (int) Math.round(255 - 75 * s));
    }

    public static BufferedImage render(int[][] counts, List<String> labels) {
        int n = counts.length;
        int cell = cellSize(n);
        int size = LABEL_SPACE + n * cell + LABEL_SPACE / 2 + 20; // room for the last turned label
        BufferedImage image = new BufferedImage(size, LABEL_SPACE / 2 + n * cell + LABEL_SPACE,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(11, cell - 2)));
        FontMetrics fm = g.getFontMetrics();
        for (int r = 0; r < n; r++) {
            long rowTotal = 0;
            for (int c = 0; c < n; c++) {
                rowTotal += counts[r][c];
            }
            for (int c = 0; c < n; c++) {
                double share = rowTotal == 0 ? 0 : (double) counts[r][c] / rowTotal;
                g.setColor(shade(share));
                g.fillRect(cellX(c, n), cellY(r, n), cell, cell);
                if (n <= COUNTS_UP_TO) {
                    g.setColor(share > 0.5 ? Color.WHITE : Color.DARK_GRAY);
                    String text = Integer.toString(counts[r][c]);
                    g.drawString(text, cellX(c, n) + (cell - fm.stringWidth(text)) / 2, cellY(r, n) + cell / 2 + 4);
                }
            }
            g.setColor(Color.BLACK);
            String label = shorten(labels.get(r));
            g.drawString(label, LABEL_SPACE - 6 - fm.stringWidth(label), cellY(r, n) + (cell + fm.getAscent()) / 2);
        }
        // Predicted-class labels under the columns, turned so long names fit: upright when the cells are narrow.
        boolean upright = n > COUNTS_UP_TO;
        AffineTransform straight = g.getTransform();
        for (int c = 0; c < n; c++) {
            g.setTransform(straight);
            g.translate(cellX(c, n) + (upright ? (cell - fm.getAscent()) / 2 : cell / 2 + 4), cellY(n, n) + 6);
            g.rotate(upright ? Math.PI / 2 : Math.PI / 4);
            g.drawString(shorten(labels.get(c)), 0, 0);
        }
        g.setTransform(straight);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        g.drawString("true class (rows) / predicted class (columns)", LABEL_SPACE, LABEL_SPACE / 2 - 12);
        g.dispose();
        return image;
    }

    private static String shorten(String label) {
        return label.length() <= 14 ? label : label.substring(0, 13) + ".";
    }
}
