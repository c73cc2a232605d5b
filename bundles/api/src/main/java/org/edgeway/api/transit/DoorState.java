package org.edgeway.api.transit;

/** Whether a door is open (sensors count while it is) or closed. */
public enum DoorState {
    OPEN, CLOSED
}
