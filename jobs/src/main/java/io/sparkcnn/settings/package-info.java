/**
 * What every command is configured with, as records by concern, each validating its own fields and naming the field
 * that is wrong ({@link io.sparkcnn.settings.SettingProblem}: the option's name without dashes; the command line adds
 * the dashes). {@link io.sparkcnn.settings.DataSettings} (which images), {@link io.sparkcnn.settings.ModelSettings}
 * (which network, how it learns), {@link io.sparkcnn.settings.LoopSettings} (epochs, minibatch size, seed),
 * {@link io.sparkcnn.settings.AveragingSettings} (replicas and how they are averaged),
 * {@link io.sparkcnn.loading.Augmentation}, {@link io.sparkcnn.executor.ExecutorSettings} (what each executor needs)
 * and {@link io.sparkcnn.settings.OutputSettings} make up {@link io.sparkcnn.settings.TrainSettings}; prepare and
 * benchmark ({@code io.sparkcnn.benchmark.BenchmarkSettings}) reuse the same records. {@code SettingProblem} and
 * {@code SettingsException} live in module {@code settings-core}, below the models and the executor settings, which
 * report their problems the same way.
 */
package io.sparkcnn.settings;
