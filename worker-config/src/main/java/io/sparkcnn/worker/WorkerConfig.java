package io.sparkcnn.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The executor side as a user writes it, in a YAML file ({@code --worker-config}) or as command-line options; any
 * field left out (null) falls back to the next source: command line, then file, then defaults.
 *
 * <pre>
 * backend: cuda              # cpu | cuda
 * gpus-per-executor: 1
 * threads-per-replica: 4     # 0: the executor's cores shared among its replicas
 * off-heap: 6g               # ND4J's off-heap limit, reserved as spark.executor.memoryOverhead
 * prefetch: 0                # minibatches loaded ahead per worker
 * </pre>
 */
public record WorkerConfig(Backend backend,
                           @JsonProperty("threads-per-replica") Integer threadsPerReplica,
                           @JsonProperty("off-heap") String offHeap,
                           @JsonProperty("gpus-per-executor") Integer gpusPerExecutor,
                           Integer prefetch) {

    public static final WorkerConfig EMPTY = new WorkerConfig(null, null, null, null, null);

    /** Reads a worker config file; unknown fields and wrong types are errors naming the file and the field. */
    public static WorkerConfig read(Path file) {
        YAMLMapper yaml = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return EMPTY;
            }
            WorkerConfig c = yaml.readValue(text, WorkerConfig.class);
            return c == null ? EMPTY : c;
        } catch (NoSuchFileException e) {
            throw new WorkerConfigException("worker config " + file + " does not exist");
        } catch (UnrecognizedPropertyException e) {
            throw new WorkerConfigException("worker config " + file + ": unknown field '" + e.getPropertyName()
                    + "'; expected " + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .collect(Collectors.joining("."));
            throw new WorkerConfigException("worker config " + file + ": field '" + field + "' has a bad value: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new WorkerConfigException("worker config " + file + " is not readable YAML: " + e.getMessage());
        }
    }

    /** These values, with each one {@code over} sets replacing it. */
    public WorkerConfig overriddenBy(WorkerConfig over) {
        return new WorkerConfig(
                over.backend != null ? over.backend : backend,
                over.threadsPerReplica != null ? over.threadsPerReplica : threadsPerReplica,
                over.offHeap != null ? over.offHeap : offHeap,
                over.gpusPerExecutor != null ? over.gpusPerExecutor : gpusPerExecutor,
                over.prefetch != null ? over.prefetch : prefetch);
    }

    /** The executor settings, defaults filled in, validated. */
    public ExecutorSettings executorSettings() {
        ExecutorSettings d = ExecutorSettings.defaults();
        return new ExecutorSettings(backend != null ? backend : d.backend(),
                threadsPerReplica != null ? threadsPerReplica : d.threadsPerReplica(),
                offHeap != null ? offHeap : d.offHeap(),
                gpusPerExecutor != null ? gpusPerExecutor : d.gpusPerExecutor()).validated();
    }
}
