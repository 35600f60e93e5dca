package io.sparkcnn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sparkcnn.data.IdxFixtures;
import io.sparkcnn.output.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output's disk fills up during training (a 2 MB tmpfs: the first epoch's checkpoint fits, the second's does
 * not): a clear error naming the output, nothing published or half-written left behind, the first checkpoint intact.
 * Mounting needs root, as CI and these machines run.
 */
class DiskFullTest {
    @TempDir
    Path tmp;

    @Test
    void aFullDiskKeepsTheLastCheckpointAndPublishesNothing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path data = IdxFixtures.writeDataset(tmp.resolve("data"), 400, 100);
        Path disk = Files.createDirectories(tmp.resolve("small-disk"));
        mount(disk);
        try {
            Path out = disk.resolve("out");
            CliRun run = CliRun.run("train", "--data-dir", data.toString(), "--dataset", "fixture", "--epochs", "2",
                    "--output", out.toString());
            assertEquals(SparkCnn.EXIT_RUNTIME, run.exitCode(), run.err());
            assertTrue(run.err().contains("error: no space left on the device of " + out.toAbsolutePath()),
                    run.err());
            assertTrue(run.err().contains("continue with 'train --resume " + out + "'"), run.err());
            assertFalse(Files.exists(out), "nothing published");
            Checkpoints checkpoints = Checkpoints.beside(out, List.of());
            assertEquals(1, checkpoints.latest().orElseThrow().state().epoch(), "epoch 1's checkpoint is kept whole");
            try (Stream<Path> left = Files.walk(disk)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("partial-") || n.contains(".partial-")).toList(),
                        "no half-written checkpoint or output left behind");
            }
        } finally {
            command("umount", disk.toString());
        }
    }

    private static void mount(Path dir) throws IOException, InterruptedException {
        command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir.toString());
    }

    private static void command(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command));
    }
}
