package org.edgeway.hotspot.internal.control;

/** A control request failed: no answer, a truncated or garbled one, FAIL, or the socket is gone. */
public class HostapdException extends Exception {

    private static final long serialVersionUID = 1L;

    public HostapdException(String message) {
        super(message);
    }

    public HostapdException(String message, Throwable cause) {
        super(message, cause);
    }
}
