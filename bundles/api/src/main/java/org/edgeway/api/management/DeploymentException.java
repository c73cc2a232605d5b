package org.edgeway.api.management;

import java.util.Objects;

/**
 * A deployment request that cannot be carried out; the message says why in one sentence (for example "another job
 * (42, install of meters 1.2.0) is running").
 *
 */
public class DeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Why a request cannot be carried out, for callers that answer with a status (a console's REST API).
     *
     * @since 1.1
     */
    public enum Reason {
        /** The request is not allowed or cannot work now (an essential bundle, a bundle that fails to start). */
        REFUSED,
        /** Another job is running. */
        BUSY,
        /** No such bundle or package. */
        NOT_FOUND,
        /** The request or the file given is invalid (for example neither a deployment package nor a bundle). */
        INVALID,
        /** The file given is larger than the gateway accepts. */
        TOO_LARGE
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param message why the request cannot be carried out
     */
    public DeploymentException(String message) {
        this(Reason.REFUSED, message, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message why the request cannot be carried out
     * @param cause   the underlying problem
     */
    public DeploymentException(String message, Throwable cause) {
        this(Reason.REFUSED, message, cause);
    }

    /**
     * Creates the exception with a reason.
     *
     * @param reason  why, as a category
     * @param message why the request cannot be carried out
     * @param cause   the underlying problem, may be null
     * @since 1.1
     */
    public DeploymentException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why the request cannot be carried out, as a category.
     *
     * @return the reason
     * @since 1.1
     */
    public Reason reason() {
        return reason;
    }
}
