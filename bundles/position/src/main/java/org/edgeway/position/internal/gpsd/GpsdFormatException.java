package org.edgeway.position.internal.gpsd;

/** A gpsd report was rejected; the message says why. */
public final class GpsdFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason what was wrong
     */
    public GpsdFormatException(String reason) {
        super(reason);
    }
}
