package org.edgeway.demo.internal.transit;

/**
 * Boardings and alightings of one door and object class (in a scenario: at one visit; on a sensor: cumulative).
 *
 * @param boardings passengers in, never negative
 * @param alightings passengers out, never negative
 */
public record Count(int boardings, int alightings) {

    public static final Count ZERO = new Count(0, 0);

    public Count {
        if (boardings < 0 || alightings < 0) {
            throw new IllegalArgumentException("counts cannot be negative: in " + boardings + ", out " + alightings);
        }
    }

    public Count plus(Count other) {
        return new Count(boardings + other.boardings, alightings + other.alightings);
    }

    public boolean isZero() {
        return boardings == 0 && alightings == 0;
    }
}
