package org.edgeway.modbus.internal.transport;

/**
 * A Modbus transaction that produced no value. The subclass (or {@link #kind()}) says why: the device answered with
 * an exception code, it did not answer in time, the connection failed, or the reply broke the protocol.
 */
public abstract sealed class ModbusTransportException extends Exception
        permits ModbusDeviceException, ModbusTimeoutException, ModbusIoException, ModbusProtocolException {

    private static final long serialVersionUID = 1L;

    /** Why a transaction failed; one value per subclass, for statistics and switch statements. */
    public enum Kind {
        /** The device answered with a Modbus exception response ({@link ModbusDeviceException}). */
        DEVICE_EXCEPTION,
        /** No complete reply within the transport's timeout ({@link ModbusTimeoutException}). */
        TIMEOUT,
        /** Connecting, writing or reading failed, or the peer closed the connection ({@link ModbusIoException}). */
        IO,
        /** A reply arrived but is wrong: unit id, transaction id, function code, length, CRC ({@link ModbusProtocolException}). */
        PROTOCOL
    }

    ModbusTransportException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Why this transaction failed. */
    public abstract Kind kind();
}
