package org.edgeway.transit.internal.jsonlines;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = JsonLinesAdapterComponent.FACTORY_PID, name = "JSON lines passenger counting",
        description = "A door counting sensor that sends one JSON object per line (door, time, state, cumulative "
                + "counts) over TCP or a serial line: the generic adapter for sensors without IBIS-IP.")
@interface JsonLinesConfig {

    @AttributeDefinition(name = "Sensor name", description = "Name of this sensor in counts, quality flags and logs.")
    String sensor() default "jsonlines";

    @AttributeDefinition(name = "Transport", description = "tcp: the gateway connects to host:port; serial: the "
            + "sensor is on a serial device.",
            options = {@Option(value = "tcp", label = "TCP client"), @Option(value = "serial", label = "Serial line")})
    String transport() default "tcp";

    @AttributeDefinition(name = "Host", description = "TCP: the sensor's host name or address.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "0", max = "65535", description = "TCP: the sensor's port (required).")
    int port() default 0;

    @AttributeDefinition(name = "Serial device", required = false,
            description = "Serial: the device, e.g. /dev/ttyUSB0 (required).")
    String device() default "";

    @AttributeDefinition(name = "Baud rate", min = "300", max = "4000000",
            description = "Serial: the line speed (8 data bits, no parity, 1 stop bit).")
    int baud() default 9600;
}
