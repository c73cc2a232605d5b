package org.edgeway.demo.internal.transit;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = TransitSimulatorComponent.PID, name = "Demo transit simulator",
        description = "A bus on a route with door counting sensors, played from a scenario: its position as NMEA "
                + "over TCP, the counts of its doors over IBIS-IP (VDV 301, HTTP/XML) and JSON lines over TCP, and its "
                + "trip over the IBIS-IP CustomerInformationService.")
@interface TransitSimulatorConfig {

    @AttributeDefinition(name = "Scenario", required = false,
            description = "Path of a scenario file (JSON). Empty: the built-in scenario, Berlin bus 100 from S+U "
                    + "Zoologischer Garten to S+U Alexanderplatz and back.")
    String scenario() default "";

    @AttributeDefinition(name = "NMEA port", min = "1", max = "65535",
            description = "TCP port streaming GGA and RMC sentences of the bus's position (gpsd: tcp://host:port).")
    int nmea_port() default 5030;

    @AttributeDefinition(name = "IBIS-IP port", min = "1", max = "65535",
            description = "HTTP port of the PassengerCountingService and CustomerInformationService.")
    int ibisip_port() default 5031;

    @AttributeDefinition(name = "JSON lines port", min = "1", max = "65535",
            description = "TCP port streaming the JSON lines counting events of the doors the scenario gives to "
                    + "that protocol.")
    int jsonlines_port() default 5032;

    @AttributeDefinition(name = "Bind address",
            description = "Address the three servers listen on. 127.0.0.1 keeps them off the network.")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(name = "Loop",
            description = "Run the scenario's trips again and again; false stops after one pass. A scenario with "
                    + "\"loop\": false plays once either way.")
    boolean loop() default true;
}
