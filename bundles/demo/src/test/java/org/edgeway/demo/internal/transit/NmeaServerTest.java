package org.edgeway.demo.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NmeaServerTest {

    private NmeaServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ggaAndRmcCarryTheFixWithValidChecksums() {
        List<String> sentences = NmeaServer.sentences(52.5, 13.4, 10.0, 90.04,
                Instant.parse("2026-11-26T12:00:05.257Z"));

        assertThat(sentences).hasSize(2);
        String[] gga = verifiedFields(sentences.get(0));
        String[] rmc = verifiedFields(sentences.get(1));
        assertThat(gga).containsExactly("GPGGA", "120005.25", "5230.00000", "N", "01324.00000", "E", "1", "09", "0.9",
                "35.0", "M", "39.9", "M", "", "");
        assertThat(rmc).containsExactly("GPRMC", "120005.25", "A", "5230.00000", "N", "01324.00000", "E", "19.44",
                "90.0", "261126", "", "", "A");
        assertThat(sentences).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(82));
    }

    @Test
    void southernAndWesternHemispheresAndRoundingIntoTheNextDegree() {
        String[] rmc = verifiedFields(NmeaServer.sentences(-33.8688, -151.2093, 0, 359.97,
                Instant.parse("2026-01-02T23:59:59.999Z")).get(1));

        assertThat(rmc[1]).isEqualTo("235959.99");
        assertThat(rmc[3] + rmc[4]).isEqualTo("3352.12800S");
        assertThat(rmc[5] + rmc[6]).isEqualTo("15112.55800W");
        assertThat(rmc[7]).isEqualTo("0.00");
        assertThat(rmc[8]).isEqualTo("0.0"); // 359.97 rounds to 360.0, which is north again
        assertThat(rmc[9]).isEqualTo("020126");
        assertThat(NmeaServer.latitude(52.99999999999)).isEqualTo("5300.00000,N");
        assertThat(degrees("5230.80000", "N")).isCloseTo(52 + 30.8 / 60, within(1e-12));
    }

    @Test
    void streamsCrLfTerminatedSentencesToEveryClient() throws Exception {
        server = new NmeaServer(InetAddress.getLoopbackAddress(), 0);
        try (Socket first = connect(); Socket second = connect()) {
            assertThat(server.broadcaster().awaitClients(2, Await.TIMEOUT)).isTrue();

            server.publish(52.51772, 13.37648, 9.5, 271.3, Instant.parse("2026-11-26T08:15:00Z"));

            for (Socket client : List.of(first, second)) {
                String gga = readLine(client.getInputStream());
                String rmc = readLine(client.getInputStream());
                String[] ggaFields = verifiedFields(gga);
                String[] rmcFields = verifiedFields(rmc);
                assertThat(ggaFields[0]).isEqualTo("GPGGA");
                assertThat(rmcFields[0]).isEqualTo("GPRMC");
                assertThat(ggaFields[1]).isEqualTo("081500.00").isEqualTo(rmcFields[1]);
                assertThat(degrees(rmcFields[3], rmcFields[4])).isCloseTo(52.51772, within(1e-6));
                assertThat(degrees(rmcFields[5], rmcFields[6])).isCloseTo(13.37648, within(1e-6));
                assertThat(Double.parseDouble(rmcFields[7]) * 0.514444).isCloseTo(9.5, within(0.01));
                assertThat(rmcFields[8]).isEqualTo("271.3");
            }
        }
    }

    @Test
    void aClientThatLeavesDoesNotDisturbTheOthers() throws Exception {
        server = new NmeaServer(InetAddress.getLoopbackAddress(), 0);
        try (Socket staying = connect()) {
            Socket leaving = connect();
            assertThat(server.broadcaster().awaitClients(2, Await.TIMEOUT)).isTrue();
            leaving.close();

            // writing to the closed connection fails after a few writes; the server drops that client
            int published = 0;
            while (server.broadcaster().clientCount() > 1 && published < 10_000) {
                server.publish(52.5, 13.4, 0, 0, Instant.now());
                published++;
                readLine(staying.getInputStream());
                readLine(staying.getInputStream());
            }
            assertThat(server.broadcaster().clientCount()).isEqualTo(1);
            server.publish(52.6, 13.4, 0, 0, Instant.now());
            assertThat(verifiedFields(readLine(staying.getInputStream()))[2]).isEqualTo("5236.00000");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        return socket;
    }

    /** Reads up to CRLF (required) and returns the line without it. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("end of stream after '" + line + "'");
            }
            if (c == '\r') {
                assertThat(in.read()).as("LF after CR").isEqualTo('\n');
                return line.toString();
            }
            assertThat(c).as("bare LF in '%s'", line).isNotEqualTo('\n');
            line.append((char) c);
        }
    }

    /** Checks {@code $...*hh} with an independent checksum and returns the comma-separated fields. */
    static String[] verifiedFields(String sentence) {
        assertThat(sentence).matches("\\$[^*]+\\*[0-9A-F]{2}");
        int star = sentence.indexOf('*');
        String body = sentence.substring(1, star);
        int xor = 0;
        for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
            xor ^= b;
        }
        assertThat(Integer.parseInt(sentence.substring(star + 1), 16)).as("checksum of %s", sentence).isEqualTo(xor);
        return body.split(",", -1);
    }

    static double degrees(String value, String hemisphere) {
        int dot = value.indexOf('.');
        double degrees = Integer.parseInt(value.substring(0, dot - 2))
                + Double.parseDouble(value.substring(dot - 2)) / 60;
        return hemisphere.equals("S") || hemisphere.equals("W") ? -degrees : degrees;
    }
}
