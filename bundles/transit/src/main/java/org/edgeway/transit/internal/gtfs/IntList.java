package org.edgeway.transit.internal.gtfs;

import java.util.Arrays;

/** A growable int array: the index keeps stop_times as primitive columns, not as objects (the JDK has no such list). */
final class IntList {

    private int[] values = new int[256];
    private int size;

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }
}
