package org.edgeway.core.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Derives a stable default gateway id, the way Kura does: the primary MAC address. */
final class DeviceIds {

    /** A network interface as far as choosing the primary one is concerned. */
    record Nic(String name, byte[] mac, boolean loopback, boolean virtual) {
    }

    private DeviceIds() {
    }

    /** The MAC of the first physical, non-loopback interface by name, as {@code AA:BB:CC:DD:EE:FF}. */
    static Optional<String> primaryMac(List<Nic> nics) {
        return nics.stream()
                .filter(nic -> !nic.loopback() && !nic.virtual())
                .filter(nic -> nic.mac() != null && nic.mac().length == 6 && !allZero(nic.mac()))
                .min(Comparator.comparing(Nic::name))
                .map(nic -> HexFormat.ofDelimiter(":").withUpperCase().formatHex(nic.mac()));
    }

    static String defaultGatewayId() {
        return primaryMac(localNics()).orElseGet(DeviceIds::hostName);
    }

    private static List<Nic> localNics() {
        List<Nic> nics = new ArrayList<>();
        try {
            var interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                NetworkInterface nic = interfaces.nextElement();
                nics.add(new Nic(nic.getName(), nic.getHardwareAddress(), nic.isLoopback(),
                        nic.isVirtual() || nic.getName().startsWith("veth") || nic.getName().startsWith("docker")));
            }
        } catch (SocketException e) {
            // no interfaces readable: fall back to the host name
        }
        return nics;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "edgeway-gateway";
        }
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
