package org.edgeway.modbus.internal.transport;

/** The device answered with a Modbus exception response, e.g. 2 (illegal data address) or 6 (server device busy). */
public final class ModbusDeviceException extends ModbusTransportException {

    private static final long serialVersionUID = 1L;

    public static final int ILLEGAL_FUNCTION = 1;
    public static final int ILLEGAL_DATA_ADDRESS = 2;
    public static final int ILLEGAL_DATA_VALUE = 3;
    public static final int SERVER_DEVICE_FAILURE = 4;
    public static final int ACKNOWLEDGE = 5;
    public static final int SERVER_DEVICE_BUSY = 6;
    public static final int MEMORY_PARITY_ERROR = 8;
    public static final int GATEWAY_PATH_UNAVAILABLE = 0x0A;
    public static final int GATEWAY_TARGET_FAILED_TO_RESPOND = 0x0B;

    private final int exceptionCode;

    ModbusDeviceException(String context, int exceptionCode) {
        super(context + ": device exception " + exceptionCode + " (" + describe(exceptionCode) + ")", null);
        this.exceptionCode = exceptionCode;
    }

    /** The Modbus exception code the device sent (1..255). */
    public int exceptionCode() {
        return exceptionCode;
    }

    /** Exception 6: the device is busy with a long command; the request may be retried later. */
    public boolean isBusy() {
        return exceptionCode == SERVER_DEVICE_BUSY;
    }

    @Override
    public Kind kind() {
        return Kind.DEVICE_EXCEPTION;
    }

    /** The name the Modbus application protocol specification gives an exception code. */
    public static String describe(int exceptionCode) {
        return switch (exceptionCode) {
            case ILLEGAL_FUNCTION -> "illegal function";
            case ILLEGAL_DATA_ADDRESS -> "illegal data address";
            case ILLEGAL_DATA_VALUE -> "illegal data value";
            case SERVER_DEVICE_FAILURE -> "server device failure";
            case ACKNOWLEDGE -> "acknowledge";
            case SERVER_DEVICE_BUSY -> "server device busy";
            case MEMORY_PARITY_ERROR -> "memory parity error";
            case GATEWAY_PATH_UNAVAILABLE -> "gateway path unavailable";
            case GATEWAY_TARGET_FAILED_TO_RESPOND -> "gateway target device failed to respond";
            default -> "unknown exception code";
        };
    }
}
