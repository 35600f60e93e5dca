package io.sparkcnn.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sparkcnn.settings.SettingsException;

class StagedOutputTest {
    @TempDir
    Path tmp;

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.count();
        }
    }

    @Test
    void nothingIsVisibleUntilCommit() throws IOException {
        Path target = tmp.resolve("run");
        try (StagedOutput out = StagedOutput.begin(target, false)) {
            out.writeJson("metrics.json", Map.of("a", 1));
            assertFalse(Files.exists(target));
            out.commit();
        }
        assertTrue(Files.isRegularFile(target.resolve("metrics.json")));
        assertEquals(1, entries(), "the staging directory became the target");
    }

    @Test
    void anAbandonedRunLeavesNothing() throws IOException {
        try (StagedOutput out = StagedOutput.begin(tmp.resolve("run"), false)) {
            out.writeJson("metrics.json", Map.of("a", 1));
        }
        assertEquals(0, entries());
    }

    @Test
    void refusesANonEmptyDirectoryUnlessOverwriting() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(target.resolve("old.txt"), "old");
        SettingsException e = assertThrows(SettingsException.class, () -> StagedOutput.begin(target, false));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());

        try (StagedOutput out = StagedOutput.begin(target, true)) {
            out.writeJson("new.json", Map.of());
            out.commit();
        }
        assertTrue(Files.exists(target.resolve("new.json")));
        assertFalse(Files.exists(target.resolve("old.txt")), "the old contents are replaced, not merged");
        assertEquals(1, entries());
    }
}
