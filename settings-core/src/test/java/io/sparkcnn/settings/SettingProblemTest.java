package io.sparkcnn.settings;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SettingProblemTest {
    @Test
    void theCommandLineShowsTheFieldAsItsOption() {
        assertEquals("--rounds-per-job must be at least 1, was 0",
                new SettingProblem("rounds-per-job", "must be at least 1, was 0").asOption());
        assertEquals("--filters: model 'mlp' has no convolutions",
                new SettingProblem("filters", ": model 'mlp' has no convolutions").asOption());
    }

    @Test
    void atLeastAddsAProblemOnlyBelowTheMinimum() {
        List<SettingProblem> problems = new ArrayList<>();
        SettingProblem.atLeast(problems, "epochs", 1, 1);
        assertTrue(problems.isEmpty());
        SettingProblem.atLeast(problems, "epochs", 0, 1);
        assertEquals(List.of(new SettingProblem("epochs", "must be at least 1, was 0")), problems);
    }

    @Test
    void theExceptionListsEveryProblemAsItsOption() {
        assertDoesNotThrow(() -> SettingsException.throwIfAny(List.of()));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsException.throwIfAny(List.of(
                new SettingProblem("epochs", "must be at least 1, was 0"),
                new SettingProblem("workers", "must be at least 1, was -1"))));
        assertEquals("--epochs must be at least 1, was 0; --workers must be at least 1, was -1", e.getMessage());
    }
}
