package io.sparkcnn.models;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What Keras' {@code compile()} chose, from an .h5 file's training configuration, in spark-cnn's terms: the optimizer
 * and its learning rate when spark-cnn's {@link Optimizer}s express it (Adam, RMSprop, SGD plain or with Nesterov
 * momentum 0.9), and whether the loss is the cross-entropy the trainer uses. Keras' other optimizer settings (Adam's
 * betas and epsilon, RMSprop's rho) take spark-cnn's values: DL4J's defaults, the same as Keras' but for Adam's epsilon
 * (1e-8, Keras 1e-7).
 *
 * @param optimizer the optimizer and learning rate, empty when the file has none spark-cnn can express
 * @param source    where they came from, or why the options decide, for the run's log and {@code run.json}
 * @param loss      the file's loss, as Keras names it ("" when the file has none)
 */
record KerasTraining(Optional<Choice> optimizer, String source, String loss) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keras' default learning rate for Adam, RMSprop and SGD alike (0.01 for SGD). */
    private static final double KERAS_DEFAULT_RATE = 1e-3;

    /** An optimizer and its learning rate. */
    record Choice(Optimizer optimizer, double learningRate) {
    }

    static KerasTraining none(String why) {
        return new KerasTraining(Optional.empty(), why, "");
    }

    /** Reads Keras' training configuration JSON ({@code training_config} of an .h5 file). */
    static KerasTraining parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json.strip().replace("\u0000", ""));
        } catch (JsonProcessingException e) {
            return none("the file's training configuration is not JSON (" + e.getOriginalMessage() + ")");
        }
        String loss = lossName(root.path("loss"));
        JsonNode optimizer = root.path("optimizer_config");
        String name = optimizer.path("class_name").asText("");
        JsonNode config = optimizer.path("config");
        JsonNode rate = config.has("learning_rate") ? config.get("learning_rate") : config.path("lr");
        if (!rate.isNumber() && !name.isEmpty()) {
            return new KerasTraining(Optional.empty(), "the file's optimizer " + name + " has a learning rate"
                    + " schedule or none spark-cnn reads (" + rate + ")", loss);
        }
        double learningRate = rate.isNumber() ? rate.asDouble() : KERAS_DEFAULT_RATE;
        Optional<Optimizer> chosen = switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> Optional.of(Optimizer.ADAM);
            case "rmsprop" -> Optional.of(Optimizer.RMSPROP);
            case "sgd" -> sgd(config);
            default -> Optional.empty();
        };
        if (chosen.isEmpty()) {
            String what = name.isEmpty() ? "the file names no optimizer"
                    : "the file's optimizer " + name + describeMomentum(name, config) + " is not one spark-cnn"
                    + " trains with (adam, rmsprop, sgd, momentum = SGD with Nesterov momentum 0.9)";
            return new KerasTraining(Optional.empty(), what, loss);
        }
        return new KerasTraining(Optional.of(new Choice(chosen.get(), learningRate)),
                "the file's training configuration (" + name + ", learning rate " + learningRate + ")", loss);
    }

    /** Whether the loss is what the trainer minimises: cross-entropy over the classes (integer or one-hot labels). */
    boolean lossIsCrossEntropy() {
        String l = loss.toLowerCase(Locale.ROOT).replace("_", "");
        return l.equals("sparsecategoricalcrossentropy") || l.equals("categoricalcrossentropy");
    }

    private static Optional<Optimizer> sgd(JsonNode config) {
        double momentum = config.path("momentum").asDouble(0);
        if (momentum == 0) {
            return Optional.of(Optimizer.SGD);
        }
        boolean nesterov = config.path("nesterov").asBoolean(false);
        return nesterov && momentum == Optimizer.MOMENTUM_COEFFICIENT ? Optional.of(Optimizer.MOMENTUM)
                : Optional.empty();
    }

    private static String describeMomentum(String name, JsonNode config) {
        return name.equalsIgnoreCase("sgd") ? " (momentum " + config.path("momentum").asDouble(0) + ", nesterov "
                + config.path("nesterov").asBoolean(false) + ")" : "";
    }

    /** "sparse_categorical_crossentropy", or a loss object's class name ({"class_name": ..., "config": ...}). */
    private static String lossName(JsonNode loss) {
        if (loss.isTextual()) {
            return loss.asText();
        }
        if (loss.has("class_name")) {
            return loss.get("class_name").asText();
        }
        return loss.isMissingNode() || loss.isNull() ? "" : loss.toString();
    }
}
