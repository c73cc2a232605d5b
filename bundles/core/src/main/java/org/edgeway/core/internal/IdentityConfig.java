package org.edgeway.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = GatewayIdentityComponent.PID, name = "Gateway identity",
        description = "Who this gateway is. Shown in the birth certificate and the fleet console.")
@interface IdentityConfig {

    @AttributeDefinition(name = "Gateway id", required = false,
            description = "Stable device identity. Empty: derived from the primary MAC address (host name if none).")
    String gateway_id() default "";

    @AttributeDefinition(name = "Display name", required = false,
            description = "Name shown to people. Empty: the gateway id.")
    String display_name() default "";

    @AttributeDefinition(name = "Model name", description = "Hardware model name.")
    String model_name() default "generic";

    @AttributeDefinition(name = "Model id", description = "Hardware model id.")
    String model_id() default "generic";

    @AttributeDefinition(name = "Serial number", description = "Hardware serial number.")
    String serial_number() default "unknown";
}
