package io.sparkcnn.hosts;

/** The hosts could not be made, started or changed; the message names the command or host and its log. */
public final class HostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HostException(String message) {
        super(message);
    }
}
