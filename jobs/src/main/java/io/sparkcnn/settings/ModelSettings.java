package io.sparkcnn.settings;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.models.Hyperparameters;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelDefinition;

/**
 * Which network is trained and how it learns.
 *
 * @param name   the model's name in the catalog ({@code mlp}, {@code cnn}, {@code cnn-bn}, {@code lenet5}), or
 *               {@code keras:FILE} for a Keras model's JSON or .h5 file
 * @param layers whose code computes the layers: spark-cnn's fast layers or DL4J's own (same math)
 * @param hyper  optimizer, learning rate and its schedule, dropout, L2, weight init, widths: the model's defaults
 *               where the user set nothing
 */
public record ModelSettings(String name, LayerImplementation layers, Hyperparameters hyper) {
    public static final String DEFAULT_NAME = "cnn";

    /** The seed CNN with its own hyperparameters, on the fast layers. */
    public static ModelSettings defaults() {
        return of(DEFAULT_NAME);
    }

    /**
     * The model {@code name} with its own hyperparameters, on the fast layers; an unknown name is refused, and so is a
     * Keras file that cannot be trained (the message names the file and what in it).
     */
    public static ModelSettings of(String name) {
        if (!ModelCatalog.isKnown(name)) {
            throw SettingsException.of(List.of(unknown(name)));
        }
        return new ModelSettings(name, LayerImplementation.FAST, ModelCatalog.get(name).defaults());
    }

    public ModelSettings withLayers(LayerImplementation implementation) {
        return new ModelSettings(name, implementation, hyper);
    }

    public ModelSettings withHyper(Hyperparameters hyperparameters) {
        return new ModelSettings(name, layers, hyperparameters);
    }

    /** Each invalid field, named as its option: the name, each hyperparameter, and the widths the model can take. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        if (!ModelCatalog.isKnown(name)) {
            problems.add(unknown(name));
            return problems;
        }
        problems.addAll(hyper.problems());
        ModelDefinition model = ModelCatalog.get(name);
        if (hyper.hiddenUnits() != model.defaults().hiddenUnits() && !model.hasSizableHiddenLayer()) {
            problems.add(new SettingProblem("hidden-units", ": model '" + name + "' has fixed hidden layers"));
        }
        int convolutions = model.convolutions();
        if (hyper.convFilters().size() != convolutions) {
            problems.add(new SettingProblem("filters", convolutions == 0
                    ? ": model '" + name + "' has no convolutions"
                    : ": model '" + name + "' has " + convolutions + " convolutions, so expected " + convolutions
                            + " numbers, one per convolution (its default: " + model.defaults().convFilters()
                            + "), got " + hyper.convFilters()));
        }
        return problems;
    }

    private static SettingProblem unknown(String name) {
        return new SettingProblem("model", "'" + name + "' is unknown: expected one of " + ModelCatalog.names()
                + " or keras:FILE");
    }
}
