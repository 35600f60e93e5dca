package io.sparkcnn.models;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;

/**
 * A Keras model declares the images it takes (its input shape) and, in its last layer's units, the classes it tells
 * apart; both must be the data's. A mismatch is a usage error naming both, before anything trains.
 */
final class KerasInputCheck {
    private KerasInputCheck() {
    }

    static void check(KerasFile file, MultiLayerConfiguration imported, ModelSpec spec) {
        String data = spec.rows() + "x" + spec.cols() + "x" + spec.channels();
        file.structure().inputShape().ifPresent(shape -> {
            if (!fits(shape, imported, spec)) {
                throw KerasFile.problem(file.path(), "the model takes input of shape " + shape.toString()
                        .replace("null", "any") + " (its first layer's batch_input_shape, without the batch) but the"
                        + " dataset's images are " + data + " (height x width x channels); build the model for the"
                        + " data: input_shape=(" + spec.rows() + ", " + spec.cols() + ", " + spec.channels() + ")");
            }
        });
        List<NeuralNetConfiguration> confs = imported.getConfs();
        for (int i = confs.size() - 1; i >= 0; i--) {
            if (confs.get(i).getLayer() instanceof FeedForwardLayer last && last.getNOut() > 0) {
                if (last.getNOut() != spec.numClasses()) {
                    throw KerasFile.problem(file.path(), "the model's last layer '" + last.getLayerName() + "' has "
                            + last.getNOut() + " units, but the dataset has " + spec.numClasses() + " classes; end"
                            + " the model with Dense(" + spec.numClasses() + ", activation=\"softmax\")");
                }
                return;
            }
        }
    }

    /** Height, width, channels in the model's data format (channels first or last); null dimensions take any size. */
    private static boolean fits(List<Integer> shape, MultiLayerConfiguration imported, ModelSpec spec) {
        if (shape.size() == 1) {
            return shape.get(0) == null || shape.get(0) == spec.rows() * spec.cols() * spec.channels();
        }
        if (shape.size() != 3) {
            return false;
        }
        boolean channelsFirst = imported.getConfs().stream().map(NeuralNetConfiguration::getLayer)
                .anyMatch(l -> l instanceof ConvolutionLayer c && c.getCnn2dDataFormat() == CNN2DFormat.NCHW);
        List<Integer> hwc = channelsFirst ? List.of(1, 2, 0) : List.of(0, 1, 2);
        int[] data = {spec.rows(), spec.cols(), spec.channels()};
        for (int i = 0; i < 3; i++) {
            Integer d = shape.get(hwc.get(i));
            if (d != null && d != data[i]) {
                return false;
            }
        }
        return true;
    }
}
