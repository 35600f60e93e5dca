package io.sparkcnn.pictures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Training curves drawn with XChart: one value per epoch, training beside test, or many values within epochs. */
public final class Charts {
    static final int WIDTH = 640;
    static final int HEIGHT = 400;

    private Charts() {
    }

    /** A named series of per-epoch values. */
    public record Series(String name, List<Double> values) {
    }

    /** A line chart over epochs 1..n of the given series. */
    public static BufferedImage perEpoch(String title, String yTitle, List<Series> series) {
        XYChart chart = overEpochs(title, yTitle);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMin(1.0);
        for (Series s : series) {
            List<Integer> epochs = java.util.stream.IntStream.rangeClosed(1, s.values().size()).boxed().toList();
            chart.addSeries(s.name(), epochs, s.values()).setMarker(SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * A line chart of values taken within each epoch (e.g. once per averaging round): the i-th of an epoch's n values
     * is drawn at epoch {@code e - 1 + i / n}, so epochs of different lengths share the axis.
     */
    public static BufferedImage withinEpochs(String title, String yTitle, String name, List<List<Double>> perEpoch) {
        XYChart chart = overEpochs(title, yTitle);
        chart.getStyler().setXAxisMin(0.0);
        List<Double> x = new java.util.ArrayList<>();
        List<Double> y = new java.util.ArrayList<>();
        for (int e = 0; e < perEpoch.size(); e++) {
            List<Double> values = perEpoch.get(e);
            for (int i = 0; i < values.size(); i++) {
                x.add(e + (i + 1.0) / values.size());
                y.add(values.get(i));
            }
        }
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** An empty chart whose x axis is the epochs, legend below, on white. */
    private static XYChart overEpochs(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return chart;
    }
}
