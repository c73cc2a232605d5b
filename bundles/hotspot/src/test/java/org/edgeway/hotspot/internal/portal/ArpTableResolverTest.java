package org.edgeway.hotspot.internal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.edgeway.hotspot.internal.control.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArpTableResolverTest {

    private static final String TABLE = """
            IP address       HW type     Flags       HW address            Mask     Device
            10.42.0.23       0x1         0x2         aa:bb:cc:dd:ee:01     *        wlan0
            10.42.0.24       0x1         0x0         00:00:00:00:00:00     *        wlan0
            10.42.0.25       0x1         0x6         AA:BB:CC:DD:EE:03     *        wlan0
            192.168.1.1      0x1         0x2         aa:bb:cc:dd:ee:04     *        eth0
            10.42.0.26       0x1         0x2         garbage               *        wlan0
            10.42.0.27       0x1
            10.42.0.28       0x1         0xZZ        aa:bb:cc:dd:ee:08     *        wlan0
            """;

    @TempDir
    Path dir;

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    @Test
    void findsCompleteEntries() throws IOException {
        Path table = Files.writeString(dir.resolve("arp"), TABLE);
        ArpTableResolver resolver = new ArpTableResolver(table, null);

        assertThat(resolver.macFor(ip("10.42.0.23"))).contains(MacAddress.parse("aa:bb:cc:dd:ee:01"));
        assertThat(resolver.macFor(ip("10.42.0.25"))).contains(MacAddress.parse("aa:bb:cc:dd:ee:03"));
        assertThat(resolver.macFor(ip("192.168.1.1"))).contains(MacAddress.parse("aa:bb:cc:dd:ee:04"));
    }

    @Test
    void ignoresIncompleteMalformedAndUnknownEntries() throws IOException {
        Path table = Files.writeString(dir.resolve("arp"), TABLE);
        ArpTableResolver resolver = new ArpTableResolver(table, null);

        assertThat(resolver.macFor(ip("10.42.0.24"))).isEmpty(); // incomplete: flags 0x0, all-zero address
        assertThat(resolver.macFor(ip("10.42.0.26"))).isEmpty();
        assertThat(resolver.macFor(ip("10.42.0.27"))).isEmpty();
        assertThat(resolver.macFor(ip("10.42.0.28"))).isEmpty();
        assertThat(resolver.macFor(ip("10.42.0.99"))).isEmpty();
        assertThat(resolver.macFor(ip("10.42.0.2"))).isEmpty(); // a prefix of another address
        assertThat(resolver.macFor(ip("::1"))).isEmpty();
    }

    @Test
    void restrictsToTheDevice() throws IOException {
        Path table = Files.writeString(dir.resolve("arp"), TABLE);
        ArpTableResolver resolver = new ArpTableResolver(table, "wlan0");

        assertThat(resolver.macFor(ip("10.42.0.23"))).isPresent();
        assertThat(resolver.macFor(ip("192.168.1.1"))).isEmpty();
    }

    @Test
    void aMissingTableMeansNoAnswerAndRecovers() throws IOException {
        Path table = dir.resolve("arp");
        ArpTableResolver resolver = new ArpTableResolver(table, "wlan0");
        assertThat(resolver.macFor(ip("10.42.0.23"))).isEmpty();

        Files.writeString(table, TABLE);

        assertThat(resolver.macFor(ip("10.42.0.23"))).isPresent();
    }
}
