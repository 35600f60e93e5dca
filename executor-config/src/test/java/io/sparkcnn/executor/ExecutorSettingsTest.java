package io.sparkcnn.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.sparkcnn.settings.SettingProblem;
import io.sparkcnn.settings.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorSettingsTest {
    @TempDir
    Path tmp;

    private static ExecutorSettings cpu(int threads) {
        return ExecutorSettings.defaults().withThreadsPerReplica(threads);
    }

    @Test
    void automaticThreadsShareTheCoresAmongReplicas() {
        ExecutorSettings auto = ExecutorSettings.defaults();
        assertEquals(1, auto.threadsFor(2, 2));
        assertEquals(4, auto.threadsFor(8, 2));
        assertEquals(1, auto.threadsFor(2, 8), "never fewer than one thread");
        assertEquals(3, cpu(3).threadsFor(2, 2), "an explicit count wins");
    }

    @Test
    void executorsGetThreadsOffHeapAndGpusThroughSparkConf() {
        Map<String, String> conf = ExecutorSettings.defaults().sparkConf(1, "/x/gpu-discovery");
        assertEquals("1", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("1", conf.get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
        assertFalse(conf.containsKey("spark.executor.memoryOverhead"));
        assertEquals("4", cpu(4).sparkConf(1, "").get("spark.executorEnv.OMP_NUM_THREADS"));

        ExecutorSettings cuda = ExecutorSettings.defaults().withBackend(Backend.CUDA).withOffHeap("6g")
                .withGpusPerExecutor(1);
        assertEquals(List.of(), cuda.problems());
        Map<String, String> gpu = cuda.sparkConf(4, "/opt/spark-cnn/bin/gpu-discovery");
        assertEquals("-Dorg.bytedeco.javacpp.maxbytes=6144m", gpu.get("spark.executor.extraJavaOptions"));
        assertEquals((6144 + 384) + "m", gpu.get("spark.executor.memoryOverhead"), "off-heap plus Spark's minimum");
        assertEquals("1", gpu.get("spark.executor.resource.gpu.amount"));
        assertEquals("1", gpu.get("spark.task.resource.gpu.amount"));
        assertEquals("/opt/spark-cnn/bin/gpu-discovery", gpu.get("spark.executor.resource.gpu.discoveryScript"));
    }

    @Test
    void badValuesNameTheField() {
        List<SettingProblem> problems = ExecutorSettings.defaults().withBackend(Backend.CUDA).withThreadsPerReplica(-1)
                .withOffHeap("lots").withPrefetch(-2).problems();
        assertEquals(List.of("threads-per-replica", "off-heap", "backend", "prefetch"),
                problems.stream().map(SettingProblem::field).toList());
        String shown = String.join("; ", problems.stream().map(SettingProblem::asOption).toList());
        assertTrue(shown.contains("--threads-per-replica must be 0 (automatic) or positive, was -1"), shown);
        assertTrue(shown.contains("--off-heap must be a size like 2g or 1536m, was 'lots'"), shown);
        assertTrue(shown.contains("--backend cuda needs gpus-per-executor of at least 1"), shown);
        assertTrue(shown.contains("--prefetch must be at least 0, was -2"), shown);
        assertEquals(List.of(new SettingProblem("gpus-per-executor",
                        "2 needs backend cuda (the jar built with -Pcuda)")),
                ExecutorSettings.defaults().withGpusPerExecutor(2).problems());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> Backend.parse("tpu"));
        assertTrue(b.getMessage().contains("expected cpu or cuda"), b.getMessage());
        assertEquals(Backend.CUDA, Backend.parse(" CUDA "));
    }

    @Test
    void anExecutorConfigFileIsReadWithDefaultsForWhatItLeavesOut() throws IOException {
        Path file = Files.writeString(tmp.resolve("gpu.yaml"), String.join("\n",
                "backend: cuda", "gpus-per-executor: 1", "off-heap: 6g", "prefetch: 1", ""));
        ExecutorConfig fromFile = ExecutorConfig.read(file);
        assertEquals(Backend.CUDA, fromFile.backend());
        assertEquals(1, fromFile.prefetch());
        ExecutorSettings settings = fromFile.settings();
        assertEquals(0, settings.threadsPerReplica(), "the default where the file says nothing");
        assertEquals("6g", settings.offHeap());
        assertEquals(1, settings.prefetch());
        assertEquals(ExecutorSettings.defaults(), ExecutorConfig.EMPTY.settings());
        assertEquals(ExecutorConfig.EMPTY, ExecutorConfig.read(Files.writeString(tmp.resolve("empty.yaml"), "")));
    }

    @Test
    void theExampleGpuConfigIsValid() {
        ExecutorSettings gpu = ExecutorConfig.read(Path.of("..", "examples", "executor-gpu.yaml")).settings();
        assertEquals(Backend.CUDA, gpu.backend());
        assertEquals(1, gpu.gpusPerExecutor());
        assertEquals(List.of(), gpu.problems());
    }

    @Test
    void executorConfigErrorsNameTheFileAndField() throws IOException {
        Path unknown = Files.writeString(tmp.resolve("unknown.yaml"), "backend: cpu\nthreads: 4\n");
        SettingsException u = assertThrows(SettingsException.class, () -> ExecutorConfig.read(unknown));
        assertTrue(u.getMessage().contains("executor config " + unknown + ": unknown field 'threads'")
                && u.getMessage().contains("threads-per-replica"), u.getMessage());
        Path badType = Files.writeString(tmp.resolve("bad.yaml"), "threads-per-replica: many\n");
        SettingsException t = assertThrows(SettingsException.class, () -> ExecutorConfig.read(badType));
        assertTrue(t.getMessage().contains("field 'threads-per-replica'"), t.getMessage());
        Path badBackend = Files.writeString(tmp.resolve("tpu.yaml"), "backend: tpu\n");
        SettingsException bb = assertThrows(SettingsException.class, () -> ExecutorConfig.read(badBackend));
        assertTrue(bb.getMessage().contains("field 'backend'") && bb.getMessage().contains("expected cpu or cuda"),
                bb.getMessage());
        List<SettingProblem> invalid = ExecutorConfig.read(Files.writeString(tmp.resolve("cuda.yaml"),
                "backend: cuda\n")).settings().problems();
        assertEquals("backend", invalid.get(0).field(), invalid.toString());
        assertTrue(invalid.get(0).problem().contains("gpus-per-executor"), invalid.toString());
        SettingsException none = assertThrows(SettingsException.class,
                () -> ExecutorConfig.read(tmp.resolve("none.yaml")));
        assertTrue(none.getMessage().contains("none.yaml does not exist"), none.getMessage());
    }
}
