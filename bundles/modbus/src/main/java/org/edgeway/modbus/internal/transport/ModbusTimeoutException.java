package org.edgeway.modbus.internal.transport;

/** No complete reply arrived within the transport's timeout (no reply at all, or a reply that stopped midway). */
public final class ModbusTimeoutException extends ModbusTransportException {

    private static final long serialVersionUID = 1L;

    ModbusTimeoutException(String message) {
        super(message, null);
    }

    @Override
    public Kind kind() {
        return Kind.TIMEOUT;
    }
}
