package org.edgeway.demo.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = EmbeddedBroker.PID, name = "Demo MQTT broker",
        description = "An embedded MQTT broker (Moquette) for the demo; it prints every message it receives.")
@interface BrokerConfig {

    @AttributeDefinition(name = "Host", description = "Address to listen on. 127.0.0.1 keeps it off the network.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 1883;

    @AttributeDefinition(name = "Print messages", description = "Log every message the broker receives, decoded.")
    boolean print_messages() default true;
}
