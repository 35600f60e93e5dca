package io.sparkcnn.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sparkcnn.layers.runtime.TrainingNetwork;
import io.sparkcnn.settings.SettingsException;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The models a user can ask for by name: the zoo's, and Keras models by their file ({@code keras:FILE}). */
public final class ModelCatalog {
    private static final Map<String, ModelDefinition> MODELS = new LinkedHashMap<>();

    static {
        for (ModelDefinition m : new ModelDefinition[] {new Mlp(), new SeedCnn(), new BatchNormCnn(), new LeNet5()}) {
            MODELS.put(m.name(), m);
        }
    }

    private ModelCatalog() {
    }

    public static Set<String> names() {
        return MODELS.keySet();
    }

    /** Whether {@code name} names a model: one of the zoo's, or {@code keras:FILE} (the file is read by get). */
    public static boolean isKnown(String name) {
        return MODELS.containsKey(name) || isImported(name);
    }

    /** Whether {@code name} is a model imported from a file ({@code keras:FILE}) rather than one of the zoo's. */
    public static boolean isImported(String name) {
        return name.startsWith(KerasDefinition.PREFIX);
    }

    /** What a user may give as a model, for messages: the zoo's names and {@code keras:FILE}. */
    public static String choices() {
        return String.join(", ", names()) + " or keras:FILE (a Keras model's JSON or .h5 file)";
    }

    /**
     * The model {@code name}; for {@code keras:FILE}, the file read and imported anew (a
     * {@link io.sparkcnn.settings.SettingsException} names what in it cannot be trained).
     */
    public static ModelDefinition get(String name) {
        if (isImported(name)) {
            return KerasDefinition.read(name);
        }
        ModelDefinition m = MODELS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + choices());
        }
        return m;
    }

    /**
     * A new network with freshly initialised weights (deterministic for the spec's seed). The spec's filters must
     * give one width per convolution of the model (the command line checks this for users; here for callers).
     */
    public static MultiLayerNetwork newNetwork(String name, ModelSpec spec) {
        return newNetwork(get(name), spec);
    }

    /** The same for a model already read ({@code get}): a Keras file is then not read again. */
    public static MultiLayerNetwork newNetwork(ModelDefinition model, ModelSpec spec) {
        String name = model.name();
        if (spec.hyper().convFilters().size() != model.convolutions()) {
            throw new IllegalArgumentException("model '" + name + "' has " + model.convolutions()
                    + " convolutions, but the hyperparameters give " + spec.hyper().convFilters().size()
                    + " filter widths: " + spec.hyper().convFilters());
        }
        MultiLayerConfiguration configuration = model.configuration(spec);
        if (model.convolutions() > 0) {
            checkWindowsFit(name, spec, configuration);
        }
        // A TrainingNetwork: the fast first layer skips the input gradient that training steps throw away.
        MultiLayerNetwork net = new TrainingNetwork(configuration);
        net.init();
        model.startFrom(net, spec);
        return net;
    }

    /**
     * Every convolution and pooling window must fit in what the layers before leave of the image: DL4J builds such a
     * network (its output sizes round up to one) and fails only inside the first forward pass.
     */
    private static void checkWindowsFit(String name, ModelSpec spec, MultiLayerConfiguration configuration) {
        InputType input = InputType.convolutional(spec.rows(), spec.cols(), spec.channels());
        List<InputType> outputs = configuration.getLayerActivationTypes(Layers.flatImages(spec));
        for (int i = 0; i < configuration.getConfs().size(); i++) {
            Layer layer = configuration.getConf(i).getLayer();
            int[] window = layer instanceof ConvolutionLayer c ? c.getKernelSize()
                    : layer instanceof SubsamplingLayer p ? p.getKernelSize() : null;
            int[] padding = layer instanceof ConvolutionLayer c ? c.getPadding()
                    : layer instanceof SubsamplingLayer p ? p.getPadding() : null;
            InputType in = i == 0 ? input : outputs.get(i - 1);
            if (window != null && in instanceof InputType.InputTypeConvolutional image
                    && (image.getHeight() + 2L * padding[0] < window[0]
                    || image.getWidth() + 2L * padding[1] < window[1])) {
                throw new SettingsException("--model " + name + " cannot take images of " + spec.rows() + "x"
                        + spec.cols() + " pixels: its layer " + i + " (a " + window[0] + "x" + window[1] + " window)"
                        + " gets " + image.getHeight() + "x" + image.getWidth() + "; use larger images or another"
                        + " model (mlp takes any size)");
            }
        }
    }
}
