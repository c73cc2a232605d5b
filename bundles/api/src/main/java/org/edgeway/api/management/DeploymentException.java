package org.edgeway.api.management;

/**
 * A deployment request that cannot be carried out; the message says why in one sentence (for example "another job
 * (42, install of meters 1.2.0) is running").
 *
 */
public class DeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the request cannot be carried out
     */
    public DeploymentException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message why the request cannot be carried out
     * @param cause   the underlying problem
     */
    public DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
