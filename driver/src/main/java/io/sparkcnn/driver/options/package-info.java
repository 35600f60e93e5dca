/**
 * The option groups the commands share (data, model and hyperparameters, executor, config file, verbosity): picocli
 * mixins that turn what the user typed into the settings records, naming the option when a value is wrong.
 */
package io.sparkcnn.driver.options;
