/**
 * What a run leaves behind and how: an output directory that appears complete or not at all
 * ({@link io.sparkcnn.output.StagedOutput}), the model file with what it was trained on, the run's provenance
 * ({@code run.json}), {@code report.html} with its pictures, and the checkpoints a run resumes from.
 */
package io.sparkcnn.output;
