package org.edgeway.demo.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = DeviceSimulator.PID, name = "Demo device simulator",
        description = "Publishes a simulated depot meter through the default cloud connection.")
@interface SimulatorConfig {

    @AttributeDefinition(name = "Interval (ms)", min = "10", max = "3600000")
    long interval_ms() default 2000;

    @AttributeDefinition(name = "Application id", description = "Application id of the simulated data.")
    String app_id() default "DEMO-V1";
}
