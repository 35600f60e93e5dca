package io.sparkcnn.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ExecutorSettingsTest {
    @Test
    void automaticThreadsShareTheCoresAmongReplicas() {
        ExecutorSettings auto = ExecutorSettings.defaults();
        assertEquals(1, auto.threadsFor(2, 2));
        assertEquals(4, auto.threadsFor(8, 2));
        assertEquals(1, auto.threadsFor(2, 8), "never fewer than one thread");
        assertEquals(3, new ExecutorSettings(Backend.CPU, 3).threadsFor(2, 2), "an explicit count wins");
    }

    @Test
    void executorsGetTheirThreadCountInTheirEnvironment() {
        Map<String, String> conf = ExecutorSettings.defaults().sparkConf(1);
        assertEquals("1", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("1", conf.get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
        assertEquals("4", new ExecutorSettings(Backend.CPU, 4).sparkConf(1).get("spark.executorEnv.OMP_NUM_THREADS"));
    }

    @Test
    void badValuesNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExecutorSettings(Backend.CPU, -1));
        assertTrue(e.getMessage().contains("threadsPerReplica"), e.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> Backend.parse("tpu"));
        assertTrue(b.getMessage().contains("expected cpu or cuda"), b.getMessage());
        assertEquals(Backend.CUDA, Backend.parse(" CUDA "));
    }
}
