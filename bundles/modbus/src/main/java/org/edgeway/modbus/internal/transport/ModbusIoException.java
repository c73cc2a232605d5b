package org.edgeway.modbus.internal.transport;

/**
 * Connecting failed (refused, unreachable, connect timeout, serial port missing), writing or reading failed, or the
 * peer closed the connection. The transport is disconnected afterwards; the next transaction reconnects.
 */
public final class ModbusIoException extends ModbusTransportException {

    private static final long serialVersionUID = 1L;

    ModbusIoException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.IO;
    }
}
