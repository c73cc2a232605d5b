package org.edgeway.modbus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = ModbusBusComponent.FACTORY_PID, name = "Modbus bus",
        description = "One Modbus line or TCP connection that meters are polled on: Modbus TCP, RTU on a serial "
                + "port, or RTU over TCP (serial-to-Ethernet converters). One request at a time per bus.")
@interface BusConfig {

    @AttributeDefinition(name = "Bus name", description = "Name that meters refer to (letters, digits, . _ -); "
            + "also the service property " + "edgeway.modbus.bus.")
    String edgeway_modbus_bus() default "bus1";

    @AttributeDefinition(name = "Transport", options = {
            @Option(value = "TCP", label = "Modbus TCP"),
            @Option(value = "RTU", label = "Modbus RTU on a serial port"),
            @Option(value = "RTU_OVER_TCP", label = "Modbus RTU over TCP")})
    String transport() default "TCP";

    @AttributeDefinition(name = "Host", description = "TCP and RTU over TCP: host name or address.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "1", max = "65535", description = "TCP and RTU over TCP.")
    int port() default 502;

    @AttributeDefinition(name = "Serial device", description = "RTU: the serial port, e.g. /dev/ttyUSB0.")
    String serial_device() default "/dev/ttyUSB0";

    @AttributeDefinition(name = "Baud rate", min = "50", max = "4000000", description = "RTU.")
    int baud_rate() default 9600;

    @AttributeDefinition(name = "Parity", description = "RTU (the Modbus default is even).", options = {
            @Option(value = "EVEN", label = "even"), @Option(value = "NONE", label = "none"),
            @Option(value = "ODD", label = "odd")})
    String parity() default "EVEN";

    @AttributeDefinition(name = "Stop bits", min = "1", max = "2", description = "RTU.")
    int stop_bits() default 1;

    @AttributeDefinition(name = "Timeout (ms)", min = "1", max = "60000",
            description = "How long one request may take before its values are marked bad. A dead meter delays the "
                    + "others by at most this much per poll.")
    int timeout_ms() default 1000;

    @AttributeDefinition(name = "Retries on busy", min = "0", max = "10",
            description = "How often a read answered with 'server device busy' (exception 6) is repeated, with a "
                    + "doubling delay, before its values are marked bad.")
    int busy_retries() default 3;

    @AttributeDefinition(name = "Pause between requests (ms)", min = "0", max = "10000",
            description = "Quiet time on the bus after each request; some RTU devices need a few ms.")
    int pause_ms() default 0;

    @AttributeDefinition(name = "Close after each poll",
            description = "Close the connection after every poll, for devices that accept one client at a time.")
    boolean close_after_poll() default false;

    @AttributeDefinition(name = "Maximum registers per request", min = "1", max = "125")
    int max_registers() default 125;

    @AttributeDefinition(name = "Maximum gap (registers)", min = "0", max = "124",
            description = "Unused registers a request may read to merge two reads into one. Some devices refuse "
                    + "reads of registers they do not have: set 0 for them.")
    int max_gap() default 10;

    @AttributeDefinition(name = "Statistics interval (s)", min = "0", max = "86400",
            description = "How often the bus statistics are published; 0: never.")
    int stats_interval_s() default 60;
}
