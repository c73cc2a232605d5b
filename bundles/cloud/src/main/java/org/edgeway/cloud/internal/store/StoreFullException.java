package org.edgeway.cloud.internal.store;

/** Thrown by {@link MessageStore#append} when the message does not fit and the overflow policy says to reject it. */
public final class StoreFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreFullException(String message) {
        super(message);
    }
}
