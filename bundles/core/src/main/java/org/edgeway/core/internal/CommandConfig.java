package org.edgeway.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = CommandRequests.PID, name = "Remote command execution (CMD-V1)",
        description = "Runs allow-listed commands sent over MQTT (CMD-V1), without a shell. Disabled by default.")
@interface CommandConfig {

    @AttributeDefinition(name = "Enabled",
            description = "Answer CMD-V1 requests; when false every request is refused")
    boolean enabled() default false;

    @AttributeDefinition(name = "Allowed commands", required = false,
            description = "Executables that may be run: absolute paths, or bare names looked up on the gateway's "
                    + "PATH; a request must name one exactly. Allowing a command allows every argument to it.")
    String[] allowed_commands() default {};

    @AttributeDefinition(name = "Timeout (s)", min = "1", max = "600",
            description = "A command still running after this is killed with its child processes; a request's "
                    + "command.timeout may ask for less, not more")
    int timeout_s() default 30;

    @AttributeDefinition(name = "Output limit (bytes)", min = "1", max = "16777216",
            description = "How much of stdout and of stderr (each) is returned; the rest is discarded and the "
                    + "reply says so")
    int output_limit_bytes() default 64 * 1024;

    @AttributeDefinition(name = "Working directory", required = false,
            description = "Where commands run unless the request gives command.working.directory; relative to the "
                    + "instance home; empty for the instance home")
    String working_directory() default "";
}
