package io.sparkcnn.cluster;

/** The cluster did not come up; the message says which process and where its log is. */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }
}
