package io.sparkcnn.jobs;

/** A setting the user gave is invalid; the message names the option and what it expects. */
public class SettingsException extends IllegalArgumentException {
    public SettingsException(String message) {
        super(message);
    }
}
