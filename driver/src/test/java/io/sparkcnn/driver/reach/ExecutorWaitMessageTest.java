package io.sparkcnn.driver.reach;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** No executor: the message says where to look on the cluster manager the run asked, YARN's or a standalone one. */
class ExecutorWaitMessageTest {
    private static SparkConf conf() {
        return new SparkConf(false).set("spark.driver.host", "10.0.0.5").set("spark.driver.port", "40123")
                .set("spark.executor.memory", "2g").set("spark.app.id", "application_1_0007");
    }

    @Test
    void onYarnItPointsAtTheResourceManagerAndTheApplicationsLogs() {
        String message = ExecutorWait.noExecutorMessage("yarn", conf(), Duration.ofSeconds(90));
        assertTrue(message.contains("1 core(s) and 2g per executor; the ResourceManager's web UI (port 8088)"),
                message);
        assertTrue(message.contains("'yarn logs -applicationId application_1_0007'"), message);
        assertTrue(message.contains("cannot connect back to the driver at 10.0.0.5:40123"), message);
        assertFalse(message.contains("worker"), message);
    }

    @Test
    void onAStandaloneMasterItPointsAtTheMastersWebUiAndTheWorkDirectories() {
        String message = ExecutorWait.noExecutorMessage("spark://10.0.0.2:7077", conf(), Duration.ofSeconds(5));
        assertTrue(message.contains("within 5 s of connecting to spark://10.0.0.2:7077"), message);
        assertTrue(message.contains("the master's web UI lists what each worker has free"), message);
        assertTrue(message.contains("its worker's work directory"), message);
        assertFalse(message.contains("yarn"), message);
    }
}
