package org.edgeway.demo.internal.hostapd;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = HostapdSimulatorComponent.PID, name = "Demo hostapd simulator",
        description = "A simulated passenger Wi-Fi hotspot speaking hostapd's control interface protocol (UNIX "
                + "datagram socket), with passengers connecting, using data and leaving, so the gateway's hotspot "
                + "management can run without a Wi-Fi card.")
@interface HostapdSimulatorConfig {

    @AttributeDefinition(name = "Socket directory",
            description = "hostapd's ctrl_interface directory; the control socket is <directory>/<interface>. "
                    + "A relative path is taken from the edgeway.home framework property.")
    String socket_dir() default "var/run/hostapd";

    @AttributeDefinition(name = "Interface",
            description = "Wireless interface name of the simulated access point: the socket's file name and "
                    + "STATUS bss[0].")
    String interface$() default "wlan0";

    @AttributeDefinition(name = "SSID", description = "Network name of the hotspot (1-32 bytes), STATUS ssid[0].")
    String ssid() default "edgeway demo bus";

    @AttributeDefinition(name = "Channel", min = "1", max = "177",
            description = "Wi-Fi channel: 1-14 (2.4 GHz) or 32-177 (5 GHz).")
    int channel() default 6;

    @AttributeDefinition(name = "Arrival interval (s)", min = "1",
            description = "Mean seconds between two passengers connecting.")
    int arrival_interval_s() default 20;

    @AttributeDefinition(name = "Mean stay (s)", min = "1",
            description = "Mean seconds a passenger stays connected.")
    int mean_stay_s() default 240;

    @AttributeDefinition(name = "Maximum stations", min = "0", max = "2007",
            description = "No passenger connects while this many stations are connected.")
    int max_stations() default 25;

    @AttributeDefinition(name = "Seed",
            description = "Random seed for a repeatable script, MAC addresses included; 0 for a random one.")
    long seed() default 0;
}
