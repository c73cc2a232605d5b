package org.edgeway.hotspot.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = HotspotComponent.PID, name = "Passenger Wi-Fi hotspot",
        description = "hostapd control, client sessions under pseudonymous ids, limits, the captive portal and usage "
                + "telemetry (HOTSPOT-V1). No MAC address leaves the gateway.")
@interface HotspotConfig {

    @AttributeDefinition(name = "Control transport", options = {
        @Option(value = "unix", label = "UNIX datagram socket"), @Option(value = "udp", label = "UDP (ctrl_interface=udp:PORT)")})
    String control_transport() default "unix";

    @AttributeDefinition(name = "Control socket", description = "hostapd's control socket of the interface "
            + "(ctrl_interface directory + interface name). Relative paths are below the gateway's home.")
    String control_socket() default "/var/run/hostapd/wlan0";

    @AttributeDefinition(name = "Control UDP port", min = "1", max = "65535",
            description = "With the UDP transport: hostapd's control port on 127.0.0.1.")
    int control_udp_port() default 8877;

    @AttributeDefinition(name = "Control timeout (ms)", min = "100", max = "30000")
    int control_timeout_ms() default 2000;

    @AttributeDefinition(name = "Station poll interval (s)", min = "1", max = "3600",
            description = "How often the stations' counters are read and the limits checked.")
    int poll_interval_s() default 10;

    @AttributeDefinition(name = "Telemetry interval (s)", min = "10", max = "86400")
    int telemetry_interval_s() default 60;

    @AttributeDefinition(name = "Day zone", description = "Time zone whose midnight rotates the pseudonym key and "
            + "resets quotas and acceptances; empty: the system's.", required = false)
    String day_zone() default "";

    @AttributeDefinition(name = "Maximum session (min)", min = "0", max = "10080", description = "0: no limit.")
    int session_max_min() default 0;

    @AttributeDefinition(name = "Idle timeout (min)", min = "0", max = "1440", description = "0: no limit.")
    int idle_timeout_min() default 15;

    @AttributeDefinition(name = "Maximum clients", min = "0", max = "2007", description = "0: no limit.")
    int max_clients() default 0;

    @AttributeDefinition(name = "Daily quota per client (MB)", min = "0", max = "1000000", description = "0: none.")
    int daily_quota_mb() default 0;

    @AttributeDefinition(name = "Captive portal", description = "Serve the RFC 8908 API and the splash page.")
    boolean portal_enabled() default true;

    @AttributeDefinition(name = "Portal address", description = "IP address the portal listens on (the hotspot side).")
    String portal_address() default "0.0.0.0";

    @AttributeDefinition(name = "Portal port", min = "0", max = "65535")
    int portal_port() default 8081;

    @AttributeDefinition(name = "Portal public host", required = false,
            description = "Host name or address in user-portal-url; empty: the address a request arrived on.")
    String portal_public_host() default "";

    @AttributeDefinition(name = "Venue info URL", required = false)
    String portal_venue_url() default "";

    @AttributeDefinition(name = "Default language", options = {@Option(value = "de", label = "Deutsch"),
        @Option(value = "en", label = "English")})
    String portal_language() default "de";

    @AttributeDefinition(name = "Title (German)")
    String portal_title_de() default "Kostenloses WLAN";

    @AttributeDefinition(name = "Title (English)")
    String portal_title_en() default "Free Wi-Fi";

    @AttributeDefinition(name = "Terms (German)", description = "Plain text; an empty line starts a paragraph.")
    String portal_terms_de() default "Mit der Nutzung des WLANs akzeptieren Sie unsere Nutzungsbedingungen. "
            + "Wir speichern keine Geräteadressen.";

    @AttributeDefinition(name = "Terms (English)", description = "Plain text; an empty line starts a paragraph.")
    String portal_terms_en() default "By using this Wi-Fi you accept our terms of use. We store no device addresses.";

    @AttributeDefinition(name = "ARP table", description = "Where the portal maps a client's IP address to its station.")
    String arp_table() default "/proc/net/arp";

    @AttributeDefinition(name = "Manage hostapd's configuration", description = "Write hostapd.conf from the settings "
            + "below (atomically) and ask hostapd to reload when it changed.")
    boolean config_manage() default false;

    @AttributeDefinition(name = "hostapd.conf path")
    String config_path() default "/etc/hostapd/hostapd.conf";

    @AttributeDefinition(name = "Interface")
    String interface_name() default "wlan0";

    @AttributeDefinition(name = "SSID", description = "1-32 bytes.")
    String ssid() default "edgeway";

    @AttributeDefinition(name = "Band", options = {@Option(value = "g", label = "2.4 GHz"), @Option(value = "a", label = "5 GHz")})
    String hw_mode() default "g";

    @AttributeDefinition(name = "Channel", min = "1", max = "196")
    int channel() default 6;

    @AttributeDefinition(name = "Country", description = "ISO 3166-1 alpha-2 (regulatory domain).")
    String country() default "DE";

    @AttributeDefinition(name = "Security", options = {@Option(value = "open", label = "Open (with the captive portal)"),
        @Option(value = "wpa2-psk", label = "WPA2-PSK")})
    String security() default "open";

    @AttributeDefinition(name = "Passphrase", type = AttributeType.PASSWORD, required = false,
            description = "WPA2-PSK: 8-63 characters. Stored encrypted; never logged.")
    String passphrase() default "";

    @AttributeDefinition(name = "Maximum stations", min = "1", max = "2007")
    int max_stations() default 30;
}
