package io.sparkcnn.driver;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The disk of the output filled up. Nothing was published (outputs are staged and renamed into place) and the newest
 * complete checkpoint is kept, so the message says where, what is kept and how to go on.
 */
final class NoSpaceLeftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSpaceLeftException(Path output, Path checkpoints, Throwable cause) {
        super("no space left on the device of " + output.toAbsolutePath() + " (" + cause.getMessage() + "); nothing"
                + " was published, and the newest complete checkpoint in " + checkpoints + " is kept: free space"
                + " ('df -h " + output.toAbsolutePath().getParent() + "') and continue with 'train --resume " + output
                + "'", cause);
    }

    /** Whether a full disk is among the causes of {@code error} (Linux's ENOSPC text, as Java reports it). */
    static boolean isCauseOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if ((t instanceof IOException || t instanceof java.io.UncheckedIOException) && t.getMessage() != null
                    && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
