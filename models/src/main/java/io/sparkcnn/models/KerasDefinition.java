package io.sparkcnn.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sparkcnn.layers.conf.FastLayers;
import io.sparkcnn.settings.SettingsException;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.KerasSequentialModel;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@code --model keras:FILE}: a Keras Sequential model (its JSON, or an .h5 file), imported by DL4J's Keras import
 * and rebuilt by {@link KerasLayers} from the zoo's pieces, so it trains like any model of the catalog. What the file
 * says is the model's default: its layers and widths, its initialisation, and (from an .h5 file's training
 * configuration) its optimizer and learning rate; the options win over it as over a zoo model's defaults.
 */
final class KerasDefinition implements ModelDefinition {
    static final String PREFIX = "keras:";
    /** Keras' Adam and its default learning rate: what {@code compile(optimizer="adam")} trains with. */
    private static final KerasTraining.Choice KERAS_DEFAULT = new KerasTraining.Choice(Optimizer.ADAM,
            new Adam().getLearningRate());

    private final String name;
    private final KerasFile file;
    private final KerasTraining training;
    private final MultiLayerConfiguration imported;

    private KerasDefinition(String name, KerasFile file, KerasTraining training, MultiLayerConfiguration imported) {
        this.name = name;
        this.file = file;
        this.training = training;
        this.imported = imported;
    }

    /** Reads and imports the file that {@code name} ({@code keras:FILE}) names; a usage error names what is wrong. */
    static KerasDefinition read(String name) {
        String location = name.substring(PREFIX.length());
        if (location.isBlank()) {
            throw new SettingsException("--model keras:FILE needs a file: a Keras model's JSON (model.to_json())"
                    + " or .h5 file (model.save)");
        }
        KerasFile file = KerasFile.read(Path.of(location));
        KerasTraining training = file.trainingConfig().map(KerasTraining::parse)
                .orElseGet(() -> KerasTraining.none(file.isHdf5() ? "the file has no training configuration (saved"
                        + " before compile())" : "a JSON file holds no training configuration (model.to_json()"
                        + " writes the architecture only)"));
        MultiLayerConfiguration imported = KerasImport.importConfiguration(file);
        return new KerasDefinition(name, file, training, imported);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return "a Keras Sequential model from " + file.path() + ": " + file.structure().layers().size() + " layers";
    }

    @Override
    public Hyperparameters defaults() {
        KerasTraining.Choice choice = training.optimizer().orElse(KERAS_DEFAULT);
        List<Integer> filters = new ArrayList<>();
        for (NeuralNetConfiguration c : imported.getConfs()) {
            if (c.getLayer().getClass() == ConvolutionLayer.class) {
                filters.add(Math.toIntExact(((ConvolutionLayer) c.getLayer()).getNOut()));
            }
        }
        return new Hyperparameters(choice.optimizer(), choice.learningRate(), 1.0, LearningRateSchedule.EXPONENTIAL,
                0.0, 0.0, weightInit(), 128, filters);
    }

    @Override
    public MultiLayerConfiguration configuration(ModelSpec spec) {
        KerasInputCheck.check(file, imported, spec);
        return KerasLayers.map(file, imported, spec).configuration();
    }

    @Override
    public boolean hasSizableHiddenLayer() {
        return false;
    }

    /** An .h5 file's weights, when it has any: training starts from them. */
    @Override
    public void startFrom(MultiLayerNetwork network, ModelSpec spec) {
        if (file.hasWeights()) {
            KerasLayers.Mapped mapped = KerasLayers.map(file, imported, spec);
            KerasWeights.copy(file.path(), KerasImport.importWeights(file), network, mapped.sources());
        }
    }

    @Override
    public Map<String, Object> provenance(Hyperparameters used, MultiLayerConfiguration built) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.path().getFileName().toString());
        m.put("path", file.path().toString());
        m.put("md5", file.md5());
        m.put("format", file.isHdf5() ? "h5" : "json");
        m.put("weights", file.hasWeights() ? "from the file" : "initialised (" + used.weightInit().cliName() + ")");
        boolean fileChoice = training.optimizer()
                .map(c -> c.optimizer() == used.optimizer() && c.learningRate() == used.learningRate()).orElse(false);
        m.put("optimizer", used.optimizer().cliName() + ", learning rate " + used.learningRate());
        m.put("optimizerFrom", fileChoice ? training.source()
                : training.optimizer().isPresent() ? "the options, over " + training.source()
                : "the options or Keras' default (adam, 0.001): " + training.source());
        m.put("loss", training.loss().isEmpty() || training.lossIsCrossEntropy()
                ? "cross-entropy over softmax" + (training.loss().isEmpty() ? "" : " (the file's " + training.loss()
                + ")")
                : "cross-entropy over softmax; the file's " + training.loss() + " is not what spark-cnn trains"
                + " classifiers with");
        List<String> layers = new ArrayList<>();
        for (NeuralNetConfiguration c : built.getConfs()) {
            Layer l = c.getLayer();
            layers.add(l.getLayerName() + " (" + file.structure().classOf(l.getLayerName()) + "): "
                    + (FastLayers.isFast(l) ? "fast" : "DL4J's " + l.getClass().getSimpleName()));
        }
        m.put("layers", layers);
        return m;
    }

    /**
     * The file's initialisation of its first convolution or dense layer, as spark-cnn names it; Keras' default
     * (Glorot uniform) when spark-cnn has no name for it.
     */
    private WeightInitScheme weightInit() {
        for (NeuralNetConfiguration c : imported.getConfs()) {
            if (c.getLayer() instanceof BaseLayer b && b.getWeightInitFn() != null) {
                IWeightInit init = b.getWeightInitFn();
                for (WeightInitScheme scheme : WeightInitScheme.values()) {
                    if (scheme.dl4j().getWeightInitFunction().equals(init)) {
                        return scheme;
                    }
                }
                break;
            }
        }
        return WeightInitScheme.XAVIER_UNIFORM;
    }

    /** DL4J's Keras import, its failures reported as usage errors naming the file. */
    static final class KerasImport {
        private KerasImport() {
        }

        static MultiLayerConfiguration importConfiguration(KerasFile file) {
            try (KerasModelBuilder builder = builder(file, false)) {
                return builder.buildSequential().getMultiLayerConfiguration();
            } catch (SettingsException e) {
                throw e;
            } catch (Exception e) {
                throw refused(file, e);
            }
        }

        static MultiLayerNetwork importWeights(KerasFile file) {
            synchronized (Hdf5Archive.LOCK_OBJECT) {
                try (KerasModelBuilder builder = builder(file, true)) {
                    KerasSequentialModel model = builder.buildSequential();
                    return model.getMultiLayerNetwork(true);
                } catch (Exception e) {
                    throw refused(file, e);
                }
            }
        }

        private static KerasModelBuilder builder(KerasFile file, boolean weights) throws Exception {
            KerasModelBuilder builder = new KerasModel().modelBuilder()
                    .modelJson(file.structure().sequentialJson())
                    .enforceTrainingConfig(false);
            if (weights) {
                builder.setWeightsArchive(new Hdf5Archive(file.path().toString()));
                builder.setWeightsRoot(KerasFile.WEIGHTS_ROOT);
            }
            return builder;
        }

        private static SettingsException refused(KerasFile file, Exception e) {
            return KerasFile.problem(file.path(), "DL4J's Keras import cannot import it: " + KerasFile.firstLine(e));
        }
    }
}
