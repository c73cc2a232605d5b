package org.edgeway.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = ConfigurationManager.PID, name = "Configuration management",
        description = "Remote and local configuration changes: snapshots kept and how long a change waits for its component.")
@interface ManagementConfig {

    @AttributeDefinition(name = "Snapshots kept", min = "2", max = "1000",
            description = "How many configuration snapshots var/snapshots keeps; the oldest are deleted.")
    int snapshots_keep() default 10;

    @AttributeDefinition(name = "Activation timeout (ms)", min = "0", max = "600000",
            description = "How long a change waits for its component to be active again before answering.")
    long activation_timeout_ms() default 10000;
}
