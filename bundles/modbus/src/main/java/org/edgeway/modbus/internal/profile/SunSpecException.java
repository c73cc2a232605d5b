package org.edgeway.modbus.internal.profile;

/** The device is not a SunSpec meter we can read: no marker, a broken model chain, no meter model, no answer. */
public final class SunSpecException extends Exception {

    private static final long serialVersionUID = 1L;

    public SunSpecException(String message) {
        super(message);
    }

    public SunSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
