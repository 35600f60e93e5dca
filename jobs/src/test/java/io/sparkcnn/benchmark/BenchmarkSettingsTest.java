package io.sparkcnn.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.sparkcnn.settings.SettingProblem;
import org.junit.jupiter.api.Test;

/** The benchmark's own settings records name their fields as its options. */
class BenchmarkSettingsTest {
    private static List<String> fields(List<SettingProblem> problems) {
        return problems.stream().map(SettingProblem::field).distinct().toList();
    }

    @Test
    void theDefaultsAreValid() {
        assertEquals(List.of(), BenchmarkSettings.defaults(null).problems());
        assertEquals("local[2]", BenchmarkSettings.defaults(null).master());
    }

    @Test
    void variantAndRepeatSettingsNameTheirFields() {
        VariantSettings bad = VariantSettings.defaults().withModels(List.of()).withLayers(List.of())
                .withWorkers(List.of(0)).withAveragingFrequency(0).withPeers(List.of("caffe")).withThreads(0);
        assertEquals(List.of("models", "layers", "workers-list", "averaging-frequency", "peers", "threads"),
                fields(bad.problems()));
        assertEquals(List.of("repeats", "warmup-images"),
                fields(RepeatSettings.defaults().withRepeats(0).withWarmupImages(-1).problems()));
    }

    @Test
    void theWarmupRoundIsSmallAndWritesNothing() {
        BenchmarkSettings d = BenchmarkSettings.defaults(java.nio.file.Path.of("bench.json"));
        BenchmarkSettings warmup = d.forWarmup();
        assertEquals(RepeatSettings.DEFAULT_WARMUP_IMAGES, warmup.data().trainLimit());
        assertEquals(BenchmarkSettings.WARMUP_TEST_IMAGES, warmup.data().testLimit());
        assertEquals(1, warmup.loop().epochs());
        assertEquals(1, warmup.repeats().repeats());
        assertEquals(java.util.Optional.empty(), warmup.output());
        assertEquals(2, d.variants().averaging(2).workers());
        assertEquals(d.variants().averagingFrequency(), d.variants().averaging(2).averagingFrequency());
    }
}
