package org.edgeway.fleet.internal.store;

/** The database failed (unreachable, full, a bug in a statement): not the caller's input, worth a retry later. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
