package io.sparkcnn.models;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weights of a Keras .h5 file, as DL4J's import read them, copied into the network {@link KerasLayers} mapped:
 * layer by layer and parameter by parameter (the fast layers keep DL4J's parameters and layouts). One reordering: the
 * network spark-cnn trains holds images as channel planes (NCHW), Keras' channels-last (NHWC), so the rows of a dense
 * layer fed by a flattened image come in another order; they are permuted from (height, width, channel) to
 * (channel, height, width).
 */
final class KerasWeights {
    private KerasWeights() {
    }

    static void copy(Path file, MultiLayerNetwork imported, MultiLayerNetwork network, List<Integer> sources) {
        Map<Integer, InputPreProcessor> preprocessors = imported.getLayerWiseConfigurations().getInputPreProcessors();
        for (int i = 0; i < sources.size(); i++) {
            int source = sources.get(i);
            Map<String, INDArray> from = imported.getLayer(source).paramTable();
            Map<String, INDArray> into = network.getLayer(i).paramTable();
            String name = imported.getLayer(source).conf().getLayer().getLayerName();
            if (!from.keySet().equals(into.keySet())) {
                throw KerasFile.problem(file, "the weights of layer '" + name + "' (" + from.keySet() + ") do not fit"
                        + " the network built from it (" + into.keySet() + ")");
            }
            for (Map.Entry<String, INDArray> p : from.entrySet()) {
                INDArray value = p.getValue();
                if (preprocessors.get(source) instanceof CnnToFeedForwardPreProcessor flat
                        && flat.getFormat() == CNN2DFormat.NHWC && p.getKey().equals("W")) {
                    value = channelsFirstRows(value, flat);
                }
                INDArray target = into.get(p.getKey());
                if (!java.util.Arrays.equals(value.shape(), target.shape())) {
                    throw KerasFile.problem(file, "the weights '" + p.getKey() + "' of layer '" + name + "' are "
                            + java.util.Arrays.toString(value.shape()) + ", but the network built from the file (with"
                            + " the data's shape and the options) needs " + java.util.Arrays.toString(target.shape())
                            + "; leave --filters out to start from the file's weights");
                }
                network.getLayer(i).setParam(p.getKey(), value.castTo(target.dataType()));
            }
        }
    }

    /** Rows of {@code w} ([height * width * channels, units]) reordered to [channels * height * width, units]. */
    private static INDArray channelsFirstRows(INDArray w, CnnToFeedForwardPreProcessor flat) {
        long h = flat.getInputHeight();
        long wd = flat.getInputWidth();
        long c = flat.getNumChannels();
        // rows indexed (y, x, ch) → view as [h, w, c, units], permute to [c, h, w, units], flatten again
        INDArray grid = w.dup('c').reshape('c', h, wd, c, w.size(1));
        return Nd4j.toFlattened('c', grid.permute(2, 0, 1, 3)).reshape('c', h * wd * c, w.size(1));
    }
}
