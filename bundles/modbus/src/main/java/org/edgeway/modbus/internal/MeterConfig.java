package org.edgeway.modbus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = ModbusMeterComponent.FACTORY_PID, name = "Modbus meter",
        description = "A utility meter (electricity, heat, water) on a Modbus bus, read with a device profile.")
@interface MeterConfig {

    @AttributeDefinition(name = "Meter name", description = "Unique name, part of the topic (letters, digits, . _ -).")
    String name() default "meter1";

    @AttributeDefinition(name = "Bus", description = "Name of the Modbus bus the meter is on.")
    String bus() default "bus1";

    @AttributeDefinition(name = "Unit id", min = "0", max = "255",
            description = "Modbus unit (slave) id: 1-247 on a serial line; TCP devices often use 1 or 255.")
    int unit_id() default 1;

    @AttributeDefinition(name = "Profile", description = "Device profile id, e.g. eastron-sdm630, eastron-sdm120, "
            + "carlo-gavazzi-em24, janitza-umg96rm-e, sunspec-meter, or one from the profile directory.")
    String profile() default "eastron-sdm630";

    @AttributeDefinition(name = "Poll interval (ms)", min = "100", max = "86400000")
    int poll_interval_ms() default 1000;

    @AttributeDefinition(name = "Publish interval (s)", min = "1", max = "86400")
    int publish_interval_s() default 60;

    @AttributeDefinition(name = "Report on change",
            description = "Publish at once when a value moved more than the deadband since the last publish.")
    boolean report_on_change() default false;

    @AttributeDefinition(name = "Deadband (%)", min = "0", max = "100",
            description = "With report on change: the change, in percent of the last published value, that counts.")
    double deadband_percent() default 1.0;

    @AttributeDefinition(name = "Energy interval (min)", min = "1", max = "60",
            description = "Length of the counters' interval readings; must divide an hour (15: quarter hours).")
    int energy_interval_min() default 15;
}
