package org.edgeway.position.internal.nmea;

/** A sentence was rejected; the message says why. */
public final class NmeaFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason what was wrong
     */
    public NmeaFormatException(String reason) {
        super(reason);
    }
}
