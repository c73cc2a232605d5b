package org.edgeway.transit.internal.gtfs;

/** A GTFS feed that cannot be indexed: the message names the feed, the file, and where possible line and column. */
public class GtfsException extends Exception {

    private static final long serialVersionUID = 1L;

    public GtfsException(String message) {
        super(message);
    }

    public GtfsException(String message, Throwable cause) {
        super(message, cause);
    }
}
