package org.edgeway.api.cloud;

/** A publish could not be accepted (for example the store is full and configured to reject new messages). */
public class CloudException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for a person to read
     */
    public CloudException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, for a person to read
     * @param cause   the underlying failure
     */
    public CloudException(String message, Throwable cause) {
        super(message, cause);
    }
}
