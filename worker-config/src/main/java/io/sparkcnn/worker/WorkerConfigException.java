package io.sparkcnn.worker;

/** A worker configuration that cannot be used; the message names the file and field. */
public final class WorkerConfigException extends RuntimeException {
    public WorkerConfigException(String message) {
        super(message);
    }
}
