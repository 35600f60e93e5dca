package io.sparkcnn.driver.reach;

/** A service the run needs cannot be reached; the message names it, its address and how to check it. */
public final class UnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreachableException(String message) {
        super(message);
    }
}
