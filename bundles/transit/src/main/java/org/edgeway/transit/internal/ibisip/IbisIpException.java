package org.edgeway.transit.internal.ibisip;

/** An IBIS-IP message that cannot be used: garbled XML, a missing mandatory element, a bad value, an ErrorCode. */
public class IbisIpException extends Exception {

    private static final long serialVersionUID = 1L;

    public IbisIpException(String message) {
        super(message);
    }

    public IbisIpException(String message, Throwable cause) {
        super(message, cause);
    }
}
