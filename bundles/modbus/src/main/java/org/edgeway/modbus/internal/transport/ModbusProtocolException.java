package org.edgeway.modbus.internal.transport;

/**
 * A reply arrived but does not answer the request: wrong transaction id, protocol id, unit id or function code, a
 * register or bit count other than requested, a bad CRC, or a frame that cannot be parsed. Its content is never used
 * as a value. Stream transports (TCP, RTU over TCP) drop the connection afterwards, since the byte stream can no
 * longer be trusted to be in step.
 */
public final class ModbusProtocolException extends ModbusTransportException {

    private static final long serialVersionUID = 1L;

    ModbusProtocolException(String message) {
        super(message, null);
    }

    @Override
    public Kind kind() {
        return Kind.PROTOCOL;
    }
}
