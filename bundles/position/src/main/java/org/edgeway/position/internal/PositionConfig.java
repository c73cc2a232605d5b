package org.edgeway.position.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = PositionServiceComponent.PID, name = "Vehicle position",
        description = "Where the vehicle's GNSS position comes from: gpsd (default), an NMEA 0183 receiver on a TCP "
                + "port or a serial port, or nothing. Runs with the defaults when not configured.")
@interface PositionConfig {

    @AttributeDefinition(name = "Source", description = "gpsd: a gpsd daemon's JSON reports; nmea-tcp: NMEA 0183 "
            + "sentences from a TCP server (receiver, multiplexer, simulator); nmea-serial: NMEA 0183 from a serial "
            + "port; none: no receiver.", options = {
                    @Option(value = "gpsd", label = "gpsd"),
                    @Option(value = "nmea-tcp", label = "NMEA 0183 over TCP"),
                    @Option(value = "nmea-serial", label = "NMEA 0183 on a serial port"),
                    @Option(value = "none", label = "none") })
    String source() default "gpsd";

    @AttributeDefinition(name = "gpsd host", description = "Source gpsd: the host gpsd listens on.")
    String gpsd_host() default "127.0.0.1";

    @AttributeDefinition(name = "gpsd port", min = "1", max = "65535", description = "Source gpsd: gpsd's TCP port.")
    int gpsd_port() default 2947;

    @AttributeDefinition(name = "NMEA host", description = "Source nmea-tcp: the host that serves NMEA sentences.")
    String nmea_host() default "127.0.0.1";

    @AttributeDefinition(name = "NMEA port", min = "1", max = "65535",
            description = "Source nmea-tcp: the TCP port (10110 is the registered NMEA-0183 port).")
    int nmea_port() default 10110;

    @AttributeDefinition(name = "NMEA serial device",
            description = "Source nmea-serial: the serial port, e.g. /dev/ttyUSB0 or /dev/ttyACM0.")
    String nmea_device() default "/dev/ttyUSB0";

    @AttributeDefinition(name = "NMEA baud rate", min = "300", max = "921600",
            description = "Source nmea-serial: the line speed; 8 data bits, no parity, 1 stop bit. NMEA 0183 "
                    + "specifies 4800, most current receivers use 9600 or more.")
    int nmea_baud() default 9600;

    @AttributeDefinition(name = "Maximum fix age (s)", min = "1", max = "3600",
            description = "The current fix is dropped when the last fix with a position was received longer ago "
                    + "than this (measured on the gateway's clock at reception, not the receiver's time).")
    int maxFixAgeSeconds() default 10;

    @AttributeDefinition(name = "Maximum reconnect delay (s)", min = "1", max = "3600",
            description = "When the source cannot be reached or drops, it is retried after 1 s, doubling up to "
                    + "this delay.")
    int reconnect_maxSeconds() default 30;
}
