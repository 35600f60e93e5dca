package io.sparkcnn.peers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The result as one line of JSON, fields in a fixed order, so that a launching program can take the last line of
 * stdout and parse it. Numbers are rounded to what the measurement can support.
 */
public final class ResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {
    }

    public static String line(BenchmarkResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("engine", result.engine());
        root.put("engineVersion", result.engineVersion());
        root.put("threads", result.threads());
        root.put("batchSize", result.batchSize());
        root.put("trainImages", result.trainImages());
        ArrayNode epochs = root.putArray("epochs");
        for (EpochTiming e : result.epochs()) {
            ObjectNode node = epochs.addObject();
            node.put("epoch", e.epoch());
            node.put("seconds", round(e.seconds(), 3));
            node.put("imagesPerSecond", round(e.imagesPerSecond(), 1));
        }
        root.put("medianImagesPerSecond", round(result.medianImagesPerSecond(), 1));
        root.put("testAccuracy", round(result.testAccuracy(), 4));
        root.put("peakRssMiB", round(result.peakRssMiB(), 1));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static double round(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return value;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
