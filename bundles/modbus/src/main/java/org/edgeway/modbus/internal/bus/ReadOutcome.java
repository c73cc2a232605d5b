package org.edgeway.modbus.internal.bus;

/** What one planned read gave: the registers (bits as 0/1), or why there are none. */
public sealed interface ReadOutcome {

    /** The registers of the request, low 16 bits each; for coils and discrete inputs one element per bit. */
    record Words(int[] words) implements ReadOutcome {
    }

    /** No data: {@code reason} is what the values of this read get as their bad quality. */
    record Failed(Reason reason, String detail) implements ReadOutcome {
    }

    /** Why a read gave no data. */
    enum Reason {
        /** No complete reply within the bus timeout. */
        TIMEOUT,
        /** The connection or serial port failed, or could not be opened. */
        DISCONNECTED,
        /** The device answered with a Modbus exception (busy after all retries included). */
        DEVICE_EXCEPTION,
        /** The reply did not match the request (length, unit id, transaction id, function). */
        PROTOCOL_ERROR,
        /** Not sent: an earlier read of the same poll timed out or the bus is down. */
        SKIPPED,
        /** Not sent: the transport refused the request (e.g. a unit id outside 1-247 on a serial line). */
        INVALID_REQUEST
    }
}
