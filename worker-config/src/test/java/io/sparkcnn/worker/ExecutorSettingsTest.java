package io.sparkcnn.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorSettingsTest {
    @TempDir
    Path tmp;

    private static ExecutorSettings cpu(int threads) {
        return new ExecutorSettings(Backend.CPU, threads, null, 0);
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

        Map<String, String> gpu = new ExecutorSettings(Backend.CUDA, 0, "6g", 1).validated()
                .sparkConf(4, "/opt/spark-cnn/bin/gpu-discovery");
        assertEquals("-Dorg.bytedeco.javacpp.maxbytes=6144m", gpu.get("spark.executor.extraJavaOptions"));
        assertEquals((6144 + 384) + "m", gpu.get("spark.executor.memoryOverhead"), "off-heap plus Spark's minimum");
        assertEquals("1", gpu.get("spark.executor.resource.gpu.amount"));
        assertEquals("1", gpu.get("spark.task.resource.gpu.amount"));
        assertEquals("/opt/spark-cnn/bin/gpu-discovery", gpu.get("spark.executor.resource.gpu.discoveryScript"));
    }

    @Test
    void badValuesNameTheField() {
        String problems = String.join("; ", new ExecutorSettings(Backend.CUDA, -1, "lots", 0).problems());
        assertTrue(problems.contains("threads-per-replica must be 0 (automatic) or positive, was -1"), problems);
        assertTrue(problems.contains("off-heap must be a size like 2g or 1536m, was 'lots'"), problems);
        assertTrue(problems.contains("backend cuda needs gpus-per-executor of at least 1"), problems);
        assertThrows(WorkerConfigException.class, () -> new ExecutorSettings(Backend.CPU, 0, null, 2).validated());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> Backend.parse("tpu"));
        assertTrue(b.getMessage().contains("expected cpu or cuda"), b.getMessage());
        assertEquals(Backend.CUDA, Backend.parse(" CUDA "));
    }

    @Test
    void aWorkerConfigFileIsReadAndTheCommandLineWins() throws IOException {
        Path file = Files.writeString(tmp.resolve("gpu.yaml"), String.join("\n",
                "backend: cuda", "gpus-per-executor: 1", "threads-per-replica: 4", "off-heap: 6g", "prefetch: 1", ""));
        WorkerConfig fromFile = WorkerConfig.read(file);
        assertEquals(Backend.CUDA, fromFile.backend());
        assertEquals(1, fromFile.prefetch());
        WorkerConfig merged = fromFile.overriddenBy(new WorkerConfig(null, 2, null, null, null));
        ExecutorSettings settings = merged.executorSettings();
        assertEquals(2, settings.threadsPerReplica(), "the command line wins");
        assertEquals("6g", settings.offHeap(), "the file fills in the rest");
        assertEquals(ExecutorSettings.defaults(), WorkerConfig.EMPTY.executorSettings());
    }

    @Test
    void theExampleGpuConfigIsValid() {
        ExecutorSettings gpu = WorkerConfig.read(Path.of("..", "examples", "worker-gpu.yaml")).executorSettings();
        assertEquals(Backend.CUDA, gpu.backend());
        assertEquals(1, gpu.gpusPerExecutor());
    }

    @Test
    void workerConfigErrorsNameTheFileAndField() throws IOException {
        Path unknown = Files.writeString(tmp.resolve("unknown.yaml"), "backend: cpu\nthreads: 4\n");
        WorkerConfigException u = assertThrows(WorkerConfigException.class, () -> WorkerConfig.read(unknown));
        assertTrue(u.getMessage().contains("unknown.yaml: unknown field 'threads'")
                && u.getMessage().contains("threads-per-replica"), u.getMessage());
        Path badType = Files.writeString(tmp.resolve("bad.yaml"), "threads-per-replica: many\n");
        WorkerConfigException t = assertThrows(WorkerConfigException.class, () -> WorkerConfig.read(badType));
        assertTrue(t.getMessage().contains("field 'threads-per-replica'"), t.getMessage());
        Path badBackend = Files.writeString(tmp.resolve("tpu.yaml"), "backend: tpu\n");
        WorkerConfigException bb = assertThrows(WorkerConfigException.class, () -> WorkerConfig.read(badBackend));
        assertTrue(bb.getMessage().contains("field 'backend'") && bb.getMessage().contains("expected cpu or cuda"),
                bb.getMessage());
        WorkerConfigException invalid = assertThrows(WorkerConfigException.class,
                () -> WorkerConfig.read(Files.writeString(tmp.resolve("cuda.yaml"), "backend: cuda\n"))
                        .executorSettings());
        assertTrue(invalid.getMessage().contains("gpus-per-executor"), invalid.getMessage());
        assertThrows(WorkerConfigException.class, () -> WorkerConfig.read(tmp.resolve("none.yaml")));
    }
}
