package org.edgeway.modbus.internal.bus;

/**
 * A configured Modbus bus, registered as a service (inside this bundle) with {@link #NAME_PROPERTY}, for meters to
 * join.
 */
public interface ModbusBus {

    /** Service property: the bus's name, which meters refer to. */
    String NAME_PROPERTY = "edgeway.modbus.bus";

    String name();

    /** The most registers one request may read on this bus. */
    int maxRegisters();

    /** The most unused registers a request may read to merge two reads into one. */
    int maxGap();

    void add(PollTarget target);

    void remove(PollTarget target);

    BusStats stats();

    String endpoint();
}
