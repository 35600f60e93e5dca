package io.sparkcnn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/gpu-discovery speaks Spark's resource discovery format, from what nvidia-smi reports. */
class GpuDiscoveryTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out) {
    }

    private Run discover(String fakeNvidiaSmi) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        if (fakeNvidiaSmi != null) {
            Path smi = Files.writeString(bin.resolve("nvidia-smi"), "#!/bin/sh\n" + fakeNvidiaSmi + "\n");
            smi.toFile().setExecutable(true);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "bin", "gpu-discovery").toString());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Run(p.waitFor(), out);
    }

    @Test
    void listsEveryGpuNvidiaSmiReports() throws IOException, InterruptedException {
        Run r = discover("printf '0\\n1\\n'");
        assertEquals(0, r.exit(), r.out());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("gpu", json.get("name").asText());
        assertEquals(List.of("0", "1"), List.of(json.get("addresses").get(0).asText(),
                json.get("addresses").get(1).asText()));
        assertEquals("/opt/x/bin/gpu-discovery", withHome("/opt/x"));
    }

    @Test
    void failsClearlyWithoutADriver() throws IOException, InterruptedException {
        Run r = discover(null);
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("nvidia-smi not found"), r.out());
    }

    private static String withHome(String home) {
        String old = System.getProperty("spark-cnn.home");
        System.setProperty("spark-cnn.home", home);
        try {
            return SparkSessions.gpuDiscoveryScript();
        } finally {
            if (old == null) {
                System.clearProperty("spark-cnn.home");
            } else {
                System.setProperty("spark-cnn.home", old);
            }
        }
    }
}
