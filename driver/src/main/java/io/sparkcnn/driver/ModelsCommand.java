package io.sparkcnn.driver;

import java.util.concurrent.Callable;

import io.sparkcnn.models.Hyperparameters;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spark-cnn models}: the zoo, each model with what it is and the hyperparameters it trains with by default. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models --model accepts, with their default hyperparameters.")
final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.printf("%-7s %-9s %-9s %-8s %-7s %-6s %-11s %-7s  %s%n", "model", "optimizer", "lr", "lr-decay",
                "dropout", "l2", "weight-init", "filters", "");
        for (String name : ModelCatalog.names()) {
            ModelDefinition m = ModelCatalog.get(name);
            Hyperparameters h = m.defaults();
            String filters = h.convFilters().isEmpty() ? "-"
                    : h.convFilters().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
            out.printf("%-7s %-9s %-9s %-8s %-7s %-6s %-11s %-7s  %s%n", name, h.optimizer().cliName(),
                    h.learningRate(), h.learningRateDecay(), h.dropout(), h.l2(), h.weightInit().cliName(),
                    filters, m.summary());
        }
        out.println();
        out.println("keras:FILE  a Keras Sequential model's JSON (model.to_json()) or .h5 file (model.save): its"
                + " layers, initialisation, and an .h5 file's weights and compile() optimizer; otherwise adam 0.001"
                + " (README: From a Keras notebook)");
        out.flush();
        return 0;
    }
}
