package org.edgeway.web.common;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** The {@code bind} setting: an IP address literal, or a network interface name resolved to its first IPv4 address. */
public final class BindAddress {

    public static final String ANY = "0.0.0.0";
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:-]{1,32}");

    private BindAddress() {
    }

    /** The address to listen on, or an IllegalArgumentException naming the setting and what exists. */
    public static String resolve(String setting) {
        String value = setting == null ? "" : setting.strip();
        if (IPV4.matcher(value).matches() || IPV6.matcher(value).matches() && value.contains(":")) {
            return value;
        }
        if (INTERFACE.matcher(value).matches()) {
            try {
                NetworkInterface nic = NetworkInterface.getByName(value);
                if (nic != null) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        if (address instanceof Inet4Address) {
                            return address.getHostAddress();
                        }
                    }
                    throw new IllegalArgumentException("bind: the network interface " + value
                            + " has no IPv4 address (yet)");
                }
            } catch (SocketException e) {
                throw new IllegalArgumentException("bind: cannot read the network interface " + value + ": "
                        + e.getMessage());
            }
        }
        throw new IllegalArgumentException("bind: '" + value + "' is neither an IP address nor a network interface "
                + "of this gateway (interfaces: " + interfaceNames() + ")");
    }

    /** The IPv4 addresses a certificate for {@code bound} must name (all of them when bound to every interface). */
    public static List<String> certificateAddresses(String bound) {
        List<String> addresses = new ArrayList<>(List.of("127.0.0.1"));
        if (!bound.equals(ANY)) {
            if (!addresses.contains(bound)) {
                addresses.add(bound);
            }
            return addresses;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        if (address instanceof Inet4Address && !addresses.contains(address.getHostAddress())) {
                            addresses.add(address.getHostAddress());
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // the loopback address alone still makes a usable certificate
        }
        return addresses;
    }

    private static List<String> interfaceNames() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName)
                    .sorted().toList();
        } catch (SocketException e) {
            return List.of();
        }
    }
}
