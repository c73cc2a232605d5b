package org.edgeway.codec;

/**
 * Thrown when bytes received from the wire are not a valid payload: truncated or corrupt data, malformed JSON,
 * a metric without a usable value, an out-of-range position, or input larger than the configured limit.
 * The message names the offending metric or field where there is one.
 */
public class PayloadFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what is wrong with the input
     */
    public PayloadFormatException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what is wrong with the input
     * @param cause   the exception that revealed the problem
     */
    public PayloadFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
