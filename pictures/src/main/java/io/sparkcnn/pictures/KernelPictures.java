package io.sparkcnn.pictures;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The learned kernels of every convolution layer. A layer with weights {@code [out, in, kh, kw]} becomes a grid
 * with one row per output channel and one column per input channel (the first layer, with one input channel,
 * wraps its kernels eight to a row). Each kernel is stretched to black..white by its own range: what matters to
 * the eye is the pattern (an edge, a blob), not the absolute size of the weights.
 */
public final class KernelPictures {
    static final int WRAP = 8;
    static final int GAP = 2;

    private KernelPictures() {
    }

    /** One picture per convolution layer, keyed {@code layerN-conv} in layer order. */
    public static Map<String, BufferedImage> of(MultiLayerNetwork net) {
        Map<String, BufferedImage> pictures = new LinkedHashMap<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof ConvolutionLayer) {
                pictures.put("layer" + i + "-conv", of(net.getLayer(i).getParam("W")));
            }
        }
        return pictures;
    }

    /** The grid of one layer's weights {@code [out, in, kh, kw]}. */
    public static BufferedImage of(INDArray weights) {
        return grid(weights).render(tiles(weights));
    }

    /** The layout {@link #of(INDArray)} uses. */
    public static TileGrid grid(INDArray weights) {
        long[] s = weights.shape();
        int out = (int) s[0];
        int in = (int) s[1];
        int kh = (int) s[2];
        int kw = (int) s[3];
        int scale = Math.max(4, 24 / Math.max(kh, kw));
        int columns = in == 1 ? WRAP : in;
        return TileGrid.of(out * in, kh, kw, columns, scale, GAP);
    }

    /** Kernels in grid order: output channel by output channel, input channels along each row. */
    public static List<float[][]> tiles(INDArray weights) {
        long[] s = weights.shape();
        List<float[][]> tiles = new ArrayList<>();
        for (int o = 0; o < s[0]; o++) {
            for (int i = 0; i < s[1]; i++) {
                float[][] k = new float[(int) s[2]][(int) s[3]];
                for (int r = 0; r < s[2]; r++) {
                    for (int c = 0; c < s[3]; c++) {
                        k[r][c] = weights.getFloat(o, i, r, c);
                    }
                }
                tiles.add(TileGrid.normalised(k));
            }
        }
        return tiles;
    }
}
