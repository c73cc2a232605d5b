package org.edgeway.api.position;

/**
 * Whiteboard listener: register a service with this interface to hear of every fix. Calls come from the
 * position source's thread, one at a time and in receiver order; return quickly and never throw (an
 * exception is logged and the listener keeps being called).
 */
public interface PositionListener {

    /**
     * A new report from the receiver.
     *
     * @param fix the report; check {@link Fix#hasPosition()} before using its coordinates
     */
    void onFix(Fix fix);
}
