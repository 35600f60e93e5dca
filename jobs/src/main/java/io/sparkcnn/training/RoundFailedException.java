package io.sparkcnn.training;

/**
 * A Spark job of averaging rounds failed more times than the run's round retries allow (a host or its link lost,
 * an executor gone): the run stops. The message names the host and executor of the last failed task and its error,
 * in one line; the command that ran the training adds how to continue ({@link #withAdvice}).
 */
public final class RoundFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RoundFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** This failure, its message followed by {@code advice} (how to continue: from which checkpoint, say). */
    public RoundFailedException withAdvice(String advice) {
        return new RoundFailedException(getMessage() + "; " + advice, getCause());
    }
}
