package org.edgeway.demo.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = ModbusMeterSimulator.PID, name = "Demo Modbus meter simulator",
        description = "A Modbus TCP server with a simulated Eastron SDM630 and a simulated SunSpec meter whose "
                + "values evolve like a depot's load.")
@interface MeterSimulatorConfig {

    @AttributeDefinition(name = "Host", description = "Address to listen on.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 5020;

    @AttributeDefinition(name = "SDM630 unit id", min = "1", max = "247")
    int sdm630_unit_id() default 1;

    @AttributeDefinition(name = "SunSpec unit id", min = "1", max = "247")
    int sunspec_unit_id() default 2;

    @AttributeDefinition(name = "Update interval (ms)", min = "100", max = "60000")
    int update_interval_ms() default 1000;
}
