package io.sparkcnn.evaluation;

import java.util.List;

/** What {@code metrics.json} holds: per-epoch figures and the final evaluation (at {@code final}). */
public record TrainingMetrics(String dataset, String model, int trainImages, int testImages, int workers,
                              List<EpochMetrics> epochs,
                              @com.fasterxml.jackson.annotation.JsonProperty("final") ClassificationReport finalReport,
                              double totalTrainSeconds) {
}
