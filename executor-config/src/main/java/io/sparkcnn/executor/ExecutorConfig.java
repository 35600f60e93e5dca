package io.sparkcnn.executor;

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
import io.sparkcnn.settings.SettingsException;

/**
 * An executor config file ({@code --executor-config FILE}) as written: each field named as its option without the
 * dashes, any field left out (null) taking its default in {@link #settings()}. The options on the command line win
 * over the file.
 *
 * <pre>
 * backend: cuda              # cpu | cuda
 * gpus-per-executor: 1
 * threads-per-replica: 4     # 0: the executor's cores shared among its replicas
 * off-heap: 6g               # ND4J's off-heap limit, reserved as spark.executor.memoryOverhead
 * prefetch: 0                # minibatches loaded ahead per replica
 * </pre>
 */
public record ExecutorConfig(Backend backend,
                             @JsonProperty("threads-per-replica") Integer threadsPerReplica,
                             @JsonProperty("off-heap") String offHeap,
                             @JsonProperty("gpus-per-executor") Integer gpusPerExecutor,
                             Integer prefetch) {

    public static final ExecutorConfig EMPTY = new ExecutorConfig(null, null, null, null, null);

    /** Reads an executor config file; unknown fields and wrong types are errors naming the file and the field. */
    public static ExecutorConfig read(Path file) {
        YAMLMapper yaml = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return EMPTY;
            }
            ExecutorConfig c = yaml.readValue(text, ExecutorConfig.class);
            return c == null ? EMPTY : c;
        } catch (NoSuchFileException e) {
            throw new SettingsException("executor config " + file + " does not exist");
        } catch (UnrecognizedPropertyException e) {
            throw new SettingsException("executor config " + file + ": unknown field '" + e.getPropertyName()
                    + "'; expected " + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .collect(Collectors.joining("."));
            throw new SettingsException("executor config " + file + ": field '" + field + "' has a bad value: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SettingsException("executor config " + file + " is not readable YAML: " + e.getMessage());
        }
    }

    /** The executor settings, defaults filled in (validated with the rest: {@link ExecutorSettings#problems()}). */
    public ExecutorSettings settings() {
        ExecutorSettings s = ExecutorSettings.defaults();
        s = backend != null ? s.withBackend(backend) : s;
        s = threadsPerReplica != null ? s.withThreadsPerReplica(threadsPerReplica) : s;
        s = offHeap != null ? s.withOffHeap(offHeap) : s;
        s = gpusPerExecutor != null ? s.withGpusPerExecutor(gpusPerExecutor) : s;
        return prefetch != null ? s.withPrefetch(prefetch) : s;
    }
}
