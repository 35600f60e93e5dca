package io.sparkcnn.pictures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What one image looks like inside the network: for every convolution and pooling layer, the activation of each
 * channel ({@code [1, channels, h, w]}) as a grid, drawn to the right of the input image. Each map is stretched
 * by its own range, so a weakly activated channel still shows where it responds.
 */
public final class FeatureMapPictures {
    static final int COLUMNS = 8;
    static final int GAP = 2;
    /** Every picture is as tall as the input drawn at this many screen pixels per image pixel. */
    static final int INPUT_SCALE = 6;

    private FeatureMapPictures() {
    }

    /** The activations, in inference mode, of every layer for one flat image; index i = output of layer i. */
    public static List<INDArray> activations(MultiLayerNetwork net, float[] pixels) {
        List<INDArray> all = net.feedForward(Nd4j.create(pixels, 1, pixels.length), false);
        return all.subList(1, all.size());
    }

    /**
     * One picture per convolution or pooling layer, keyed {@code layerN-conv} / {@code layerN-pool}, for an image of
     * {@code channels} planes of {@code rows x cols}.
     */
    public static Map<String, BufferedImage> of(MultiLayerNetwork net, float[] pixels, int rows, int cols,
                                                int channels) {
        List<INDArray> activations = activations(net, pixels);
        Map<String, BufferedImage> pictures = new LinkedHashMap<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            String kind = layer instanceof ConvolutionLayer ? "conv"
                    : layer instanceof SubsamplingLayer ? "pool" : null;
            if (kind != null) {
                pictures.put("layer" + i + "-" + kind, besideInput(pixels, rows, cols, channels, activations.get(i)));
            }
        }
        return pictures;
    }

    /** The layout of one layer's maps {@code [1, channels, h, w]}: scaled so the grid is about as tall as the input. */
    public static TileGrid grid(INDArray maps, int inputRows) {
        long[] s = maps.shape();
        int channels = (int) s[1];
        int h = (int) s[2];
        int gridRows = (channels + COLUMNS - 1) / COLUMNS;
        int scale = (int) Math.max(2, Math.round((double) inputRows * INPUT_SCALE / (gridRows * h)));
        return TileGrid.of(channels, h, (int) s[3], COLUMNS, scale, GAP);
    }

    /** Each channel of {@code [1, channels, h, w]} as a normalised tile. */
    public static List<float[][]> tiles(INDArray maps) {
        long[] s = maps.shape();
        List<float[][]> tiles = new ArrayList<>();
        for (int ch = 0; ch < s[1]; ch++) {
            float[][] m = new float[(int) s[2]][(int) s[3]];
            for (int r = 0; r < s[2]; r++) {
                for (int c = 0; c < s[3]; c++) {
                    m[r][c] = maps.getFloat(0, ch, r, c);
                }
            }
            tiles.add(TileGrid.normalised(m));
        }
        return tiles;
    }

    /** Horizontal offset of the feature-map grid: the input's width plus a separating gap. */
    public static int gridOffsetX(int inputCols) {
        return inputCols * INPUT_SCALE + 4 * GAP;
    }

    private static BufferedImage besideInput(float[] pixels, int rows, int cols, int channels, INDArray maps) {
        TileGrid grid = grid(maps, rows);
        BufferedImage mapsImage = grid.render(tiles(maps));
        int offset = gridOffsetX(cols);
        int height = Math.max(rows * INPUT_SCALE + 2 * GAP, mapsImage.getHeight());
        BufferedImage image = new BufferedImage(offset + mapsImage.getWidth(), height, BufferedImage.TYPE_INT_RGB);
        TileGrid.fill(image, TileGrid.BACKGROUND);
        TileGrid.drawImage(image, pixels, rows, cols, channels, GAP, GAP, INPUT_SCALE);
        Graphics2D g = image.createGraphics();
        g.drawImage(mapsImage, offset, 0, null);
        g.setColor(Color.WHITE);
        g.fillRect(offset - 2 * GAP - 1, 0, 2, height);
        g.dispose();
        return image;
    }
}
