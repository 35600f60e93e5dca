package io.sparkcnn.cluster;

/** The cluster did not come up; the message says which process and where its log is. */
public final class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public ClusterException(String message) {
        super(message);
    }
}
