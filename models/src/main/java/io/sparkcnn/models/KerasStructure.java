package io.sparkcnn.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Keras model's architecture, read from its JSON before DL4J's import sees it, to name what spark-cnn cannot train
 * in the user's terms (the layer's Keras name and class): a Sequential model, or a functional one whose layers form
 * a single chain (rewritten as Sequential, which DL4J imports as a {@code MultiLayerNetwork}), of the layers listed
 * in {@link #SUPPORTED}.
 */
final class KerasStructure {
    /** Keras layer classes spark-cnn trains (the rest of DL4J's import is refused: the trainer is for images). */
    static final Set<String> SUPPORTED = Set.of("InputLayer", "Conv2D", "Convolution2D", "MaxPooling2D", "MaxPool2D",
            "AveragePooling2D", "AvgPool2D", "Dense", "Flatten", "Dropout", "BatchNormalization", "Activation",
            "ReLU", "LeakyReLU", "Softmax", "ZeroPadding2D", "GlobalMaxPooling2D", "GlobalMaxPool2D",
            "GlobalAveragePooling2D", "GlobalAvgPool2D");
    private static final List<String> SUPPORTED_SHOWN = List.of("Conv2D", "MaxPooling2D", "AveragePooling2D",
            "Dense", "Flatten", "Dropout", "BatchNormalization", "Activation", "ReLU", "LeakyReLU", "Softmax",
            "ZeroPadding2D", "GlobalMaxPooling2D", "GlobalAveragePooling2D", "InputLayer");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One layer as Keras names it, and its configuration. */
    record Layer(String name, String className, JsonNode config) {
    }

    private final String sequentialJson;
    private final List<Layer> layers;
    private final List<Integer> inputShape;

    private KerasStructure(String sequentialJson, List<Layer> layers, List<Integer> inputShape) {
        this.sequentialJson = sequentialJson;
        this.layers = layers;
        this.inputShape = inputShape;
    }

    /**
     * Parses the architecture's JSON; {@code attributes} are fields the file keeps elsewhere (an .h5 file's Keras
     * version and backend), added where the JSON lacks them.
     */
    static KerasStructure parse(Path path, String json, Map<String, String> attributes) {
        JsonNode root;
        try {
            root = JSON.readTree(json.strip().replace("\u0000", ""));
        } catch (JsonProcessingException e) {
            throw KerasFile.problem(path, "malformed JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "); expected a"
                    + " Keras model's JSON, as model.to_json() writes it");
        }
        if (root == null || !root.isObject() || !root.path("class_name").isTextual()
                || !root.path("config").isObject()) {
            throw KerasFile.problem(path, "not a Keras model's JSON: expected an object with 'class_name' and"
                    + " 'config', as model.to_json() writes it");
        }
        String modelClass = root.get("class_name").asText();
        JsonNode layerList = root.path("config").path("layers");
        if (!layerList.isArray() || layerList.isEmpty()) {
            throw KerasFile.problem(path, "a " + modelClass + " model without layers ('config'.'layers' is missing or"
                    + " empty)");
        }
        if (!modelClass.equals("Sequential")) {
            if (!modelClass.equals("Functional") && !modelClass.equals("Model")) {
                throw KerasFile.problem(path, "a model of class '" + modelClass + "': spark-cnn imports Keras"
                        + " Sequential models (and functional models whose layers form one chain)");
            }
            checkSingleChain(path, layerList);
        }
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : layerList) {
            Layer l = new Layer(layer.path("config").path("name").asText("?"), layer.path("class_name").asText("?"),
                    layer.path("config"));
            if (!SUPPORTED.contains(l.className())) {
                throw KerasFile.problem(path, "layer '" + l.name() + "' is a " + l.className() + ", which spark-cnn"
                        + " cannot train (a custom layer, or one for other data than images); supported layers: "
                        + String.join(", ", SUPPORTED_SHOWN));
            }
            layers.add(l);
        }
        ObjectNode sequential = JSON.createObjectNode();
        sequential.put("class_name", "Sequential");
        ObjectNode config = sequential.putObject("config");
        config.put("name", root.path("config").path("name").asText("sequential"));
        config.set("layers", layerList);
        for (String field : List.of("keras_version", "backend")) {
            if (root.has(field)) {
                sequential.set(field, root.get(field));
            } else if (attributes.containsKey(field)) {
                sequential.put(field, attributes.get(field));
            }
        }
        return new KerasStructure(sequential.toString(), List.copyOf(layers), inputShape(layerList));
    }

    /** A functional model DL4J could import only as a graph: refused unless each layer feeds just the next one. */
    private static void checkSingleChain(Path path, JsonNode layerList) {
        String previous = null;
        for (JsonNode layer : layerList) {
            String name = layer.path("config").path("name").asText(layer.path("name").asText("?"));
            List<String> inbound = new ArrayList<>();
            layer.path("inbound_nodes").findValues("args").forEach(a -> a.findValues("keras_history")
                    .forEach(h -> inbound.add(h.get(0).asText())));
            for (JsonNode node : layer.path("inbound_nodes")) {
                if (node.isArray()) {
                    node.forEach(t -> {
                        if (t.isArray() && t.size() > 0 && t.get(0).isTextual()) {
                            inbound.add(t.get(0).asText());
                        }
                    });
                }
            }
            boolean chained = previous == null ? inbound.isEmpty() : inbound.equals(List.of(previous));
            if (!chained) {
                throw KerasFile.problem(path, "a functional model with branches: layer '" + name + "' takes "
                        + (inbound.isEmpty() ? "no input" : inbound) + (previous == null ? "" : ", not just the"
                        + " layer before it ('" + previous + "')") + "; spark-cnn imports Sequential models and"
                        + " functional models whose layers form one chain");
            }
            previous = name;
        }
    }

    /** The input's shape without the batch dimension, as the first layer declares it (empty when it does not). */
    private static List<Integer> inputShape(JsonNode layerList) {
        JsonNode config = layerList.get(0).path("config");
        JsonNode shape = config.has("batch_input_shape") ? config.get("batch_input_shape") : config.path("batch_shape");
        List<Integer> dims = new ArrayList<>();
        for (int i = 1; i < shape.size(); i++) {
            dims.add(shape.get(i).isNull() ? null : shape.get(i).asInt());
        }
        return dims;
    }

    /** The model as a Keras Sequential model's JSON, for DL4J's import. */
    String sequentialJson() {
        return sequentialJson;
    }

    List<Layer> layers() {
        return layers;
    }

    /** The input's dimensions (height, width, channels for channels_last), null where any size goes. */
    Optional<List<Integer>> inputShape() {
        return inputShape.isEmpty() ? Optional.empty() : Optional.of(inputShape);
    }

    /**
     * The fraction a Dropout layer drops, from the file: DL4J 1.0.0-M2's import of a Keras 2 Dropout keeps every
     * activation, whatever its rate.
     */
    double dropoutRate(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).mapToDouble(l -> l.config().path("rate").asDouble(0))
                .findFirst().orElse(0);
    }

    /** The Keras class of the layer Keras calls {@code name}. */
    String classOf(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).map(Layer::className).findFirst().orElse("?");
    }
}
