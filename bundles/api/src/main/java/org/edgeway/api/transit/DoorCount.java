package org.edgeway.api.transit;

import java.util.Objects;

/**
 * Boardings and alightings at one door for one object class.
 *
 * @param doorId     the door
 * @param objectClass what was counted
 * @param boardings  not negative
 * @param alightings not negative
 */
public record DoorCount(String doorId, ObjectClass objectClass, long boardings, long alightings) {

    /** Validates. */
    public DoorCount {
        Objects.requireNonNull(doorId, "doorId");
        Objects.requireNonNull(objectClass, "objectClass");
        if (boardings < 0 || alightings < 0) {
            throw new IllegalArgumentException("counts must not be negative, were " + boardings + "/" + alightings);
        }
    }
}
