package org.edgeway.transit.internal.ibisip;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = PcsAdapterComponent.FACTORY_PID, name = "IBIS-IP passenger counting",
        description = "Reads door counting sensors through a VDV 301 (IBIS-IP) PassengerCountingService and delivers "
                + "their counts to passenger counting.")
@interface PcsConfig {

    @AttributeDefinition(name = "Device URL", description = "Base URL of the IBIS-IP device, e.g. "
            + "http://127.0.0.1:5031; operations are {url}/PassengerCountingService/{Operation}.")
    String url();

    @AttributeDefinition(name = "Sensor name", description = "Name of this sensor in counts, quality flags and logs.")
    String sensor() default "ibisip-pcs";

    @AttributeDefinition(name = "Mode", description = "poll: GetAllData every poll interval; subscribe: the device "
            + "pushes AllData on every change (SubscribeAllData), checked with GetAllData after 30 s without a push.",
            options = {@Option(value = "poll", label = "Poll"), @Option(value = "subscribe", label = "Subscribe")})
    String mode() default "poll";

    @AttributeDefinition(name = "Poll interval (ms)", min = "100", max = "3600000", description = "How often "
            + "GetAllData is polled; in subscribe mode, how often a failed subscription is retried.")
    int pollMillis() default 500;

    @AttributeDefinition(name = "Timeout (ms)", min = "100", max = "60000",
            description = "Connect and reply timeout of every request to the device.")
    int timeoutMillis() default 2000;

    @AttributeDefinition(name = "Push address", description = "Subscribe mode: the gateway's address the device "
            + "calls back (the push server listens on it).")
    String subscribe_host() default "127.0.0.1";

    @AttributeDefinition(name = "Push port", min = "0", max = "65535",
            description = "Subscribe mode: the push server's port; 0 takes any free port.")
    int subscribe_port() default 0;

    @AttributeDefinition(name = "Push path", description = "Subscribe mode: the path the device posts AllData to.")
    String subscribe_path() default "/edgeway/apc/alldata";
}
