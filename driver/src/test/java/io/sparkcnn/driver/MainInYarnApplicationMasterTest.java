package io.sparkcnn.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In YARN's ApplicationMaster ({@code --deploy-mode cluster}) main must return or throw: any System.exit there, 0
 * included, makes YARN record the application as FAILED. (A System.exit here would end the test JVM: Surefire
 * reports that as a crash, so these tests fail loudly if main exits.) YarnClusterTest checks it on a real YARN.
 */
class MainInYarnApplicationMasterTest {
    @BeforeEach
    void asTheApplicationMasterSetsThem() {
        System.setProperty("spark.master", "yarn");
        System.setProperty("spark.submit.deployMode", "cluster");
        System.setProperty("spark.yarn.app.id", "application_1_0001");
    }

    @AfterEach
    void clear() {
        System.clearProperty("spark.master");
        System.clearProperty("spark.submit.deployMode");
        System.clearProperty("spark.yarn.app.id");
    }

    @Test
    void successReturnsAndAFailureThrowsWithItsExitCode() {
        assertTrue(SparkCnn.inYarnApplicationMaster());
        SparkCnn.main(new String[] {"models"});
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> SparkCnn.main(new String[] {"train", "--epochs", "0"}));
        assertTrue(failure.getMessage().contains("exit code 2"), failure.getMessage());
    }

    @Test
    void onlyYarnClusterModeIsTheApplicationMaster() {
        System.setProperty("spark.submit.deployMode", "client");
        assertFalse(SparkCnn.inYarnApplicationMaster());
        System.setProperty("spark.submit.deployMode", "cluster");
        System.setProperty("spark.master", "spark://127.0.0.1:7077");
        assertFalse(SparkCnn.inYarnApplicationMaster());
    }
}
