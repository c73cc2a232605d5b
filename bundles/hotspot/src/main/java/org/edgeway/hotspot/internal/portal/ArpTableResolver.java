package org.edgeway.hotspot.internal.portal;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.edgeway.hotspot.internal.control.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a client's MAC address from its IPv4 address in the kernel's neighbour table, {@code /proc/net/arp}:
 *
 * <pre>
 * IP address       HW type     Flags       HW address            Mask     Device
 * 10.42.0.23       0x1         0x2         aa:bb:cc:dd:ee:ff     *        wlan0
 * </pre>
 *
 * Entries that are not complete (flag {@code ATF_COM}, 0x2, unset; the kernel then shows {@code 00:00:00:00:00:00})
 * are ignored. The file is read on every lookup: the kernel generates it on the fly and it is small. The MAC address
 * is never logged; a problem reading the table is logged when it starts and when it clears.
 */
public final class ArpTableResolver {

    /** The kernel's table. */
    public static final Path PROC_NET_ARP = Path.of("/proc/net/arp");

    private static final Logger LOG = LoggerFactory.getLogger(ArpTableResolver.class);
    private static final int ATF_COM = 0x2;
    // Bounds the work per lookup should the file be something else than the kernel's table.
    private static final int MAX_LINES = 100_000;

    private final Path table;
    private final String device;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param table  the table to read, normally {@link #PROC_NET_ARP}
     * @param device only entries on this interface (the hotspot's interface or bridge), or null for any
     */
    public ArpTableResolver(Path table, String device) {
        this.table = Objects.requireNonNull(table, "table");
        this.device = device == null || device.isBlank() ? null : device.strip();
    }

    /** @return the MAC address of the client with this IPv4 address, if the table has a complete entry for it */
    public Optional<MacAddress> macFor(InetAddress clientAddress) {
        if (!(clientAddress instanceof Inet4Address)) {
            return Optional.empty(); // ARP is IPv4 only
        }
        String ip = clientAddress.getHostAddress();
        try (BufferedReader reader = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
            Optional<MacAddress> found = Optional.empty();
            String line = reader.readLine(); // the header
            int lines = 0;
            while (line != null && lines++ < MAX_LINES && found.isEmpty()) {
                line = reader.readLine();
                if (line != null) {
                    found = parse(line, ip);
                }
            }
            if (failing.compareAndSet(true, false)) {
                LOG.info("The neighbour table {} is readable again", table);
            }
            return found;
        } catch (IOException | RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                LOG.warn("Cannot read the neighbour table {} ({}); clients cannot be identified until it is "
                        + "readable", table, e.getClass().getSimpleName());
            }
            return Optional.empty();
        }
    }

    private Optional<MacAddress> parse(String line, String ip) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 6 || !fields[0].equals(ip)) {
            return Optional.empty();
        }
        if (device != null && !fields[5].equals(device)) {
            return Optional.empty();
        }
        int flags;
        try {
            flags = Integer.decode(fields[2]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if ((flags & ATF_COM) == 0 || fields[3].equals("00:00:00:00:00:00")) {
            return Optional.empty();
        }
        try {
            return Optional.of(MacAddress.parse(fields[3]));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a 6-byte Ethernet address (other hardware types)
        }
    }
}
