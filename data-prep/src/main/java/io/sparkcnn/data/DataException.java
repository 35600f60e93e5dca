package io.sparkcnn.data;

/**
 * Bad or missing input data. The message always names the file (or dataset) and says what was found and
 * what was expected, so the command line can show it as it is, without a stack trace.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
