package org.edgeway.modbus.internal.transport;

/** Creates transports; they connect on first use or on {@link ModbusTransport#connect()}. */
public final class ModbusTransports {

    private ModbusTransports() {
    }

    /** A new, unconnected transport for {@code config}. */
    public static ModbusTransport create(TransportConfig config) {
        return switch (config.type()) {
            case TCP -> new TcpTransport(config);
            case RTU -> RtuTransport.serial(config);
            case RTU_OVER_TCP -> RtuTransport.overTcp(config);
        };
    }
}
