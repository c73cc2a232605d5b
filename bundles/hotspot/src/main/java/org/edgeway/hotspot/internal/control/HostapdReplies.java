package org.edgeway.hotspot.internal.control;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pure parsers for hostapd control-interface replies and events (no I/O, no state).
 *
 * <p>hostapd ends every line of a multi-line reply ({@code STATUS}, {@code STA...}) with {@code \n}; a reply without
 * the final newline was cut short (a datagram larger than the receive buffer, or hostapd writing a partial reply) and
 * is rejected as truncated rather than half-used. Exception messages name the command and the line number or key,
 * never a value that may be a MAC address (MAC addresses are personal data): "station line", not the line.
 */
public final class HostapdReplies {

    /** A reply datagram never exceeds this (hostapd's own reply buffer is 4096 bytes). */
    public static final int MAX_REPLY_BYTES = 4096;

    /** hostapd's answer to a command it does not know. */
    public static final String UNKNOWN_COMMAND = "UNKNOWN COMMAND";

    private HostapdReplies() {
    }

    /** @return the first word of {@code command}: what a message may show (arguments can be MAC addresses) */
    public static String verb(String command) {
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    /** @return true when {@code datagram} is an unsolicited event ({@code <N>...}), not a reply */
    public static boolean isEvent(String datagram) {
        return datagram.startsWith("<");
    }

    /** Decodes a datagram; hostapd speaks ASCII, anything else is kept as replacement characters. */
    public static String decode(byte[] data, int offset, int length) {
        return new String(data, offset, length, StandardCharsets.US_ASCII);
    }

    /** @return true for {@code PONG} (with or without the newline) */
    public static boolean isPong(String reply) {
        return "PONG".equals(stripNewline(reply));
    }

    /**
     * Reads the reply to a command answered by {@code OK} or {@code FAIL} ({@code ATTACH}, {@code DEAUTHENTICATE},
     * {@code RELOAD}, ...).
     *
     * @return true for OK, false for FAIL
     * @throws HostapdException for UNKNOWN COMMAND or anything else
     */
    public static boolean okOrFail(String command, String reply) throws HostapdException {
        String text = stripNewline(reply);
        if ("OK".equals(text)) {
            return true;
        }
        if ("FAIL".equals(text)) {
            return false;
        }
        throw unexpected(command, text);
    }

    /**
     * Parses a {@code STATUS} reply: {@code key=value} lines, of which {@code state} is required and
     * {@code channel}, {@code ssid[0]}, {@code num_sta[0]} are used.
     */
    public static HostapdStatus parseStatus(String reply) throws HostapdException {
        if ("FAIL".equals(stripNewline(reply))) {
            throw new HostapdException("STATUS failed (hostapd answered FAIL)");
        }
        if (UNKNOWN_COMMAND.equals(stripNewline(reply))) {
            throw unexpected("STATUS", UNKNOWN_COMMAND);
        }
        Map<String, String> values = keyValues("STATUS", reply, 0);
        String state = values.get("state");
        if (state == null || state.isEmpty()) {
            throw new HostapdException("garbled STATUS reply: no state= line");
        }
        return new HostapdStatus(state, values.getOrDefault("ssid[0]", ""),
                (int) number("STATUS", values, "channel", 0, Integer.MAX_VALUE),
                (int) number("STATUS", values, "num_sta[0]", 0, Integer.MAX_VALUE));
    }

    /**
     * Parses a {@code STA-FIRST} / {@code STA-NEXT} / {@code STA} reply: the station's MAC address on the first line,
     * then {@code key=value} lines.
     *
     * @return the station, or empty for {@code FAIL} (no such station / no more stations)
     */
    public static Optional<StationInfo> parseStation(String command, String reply) throws HostapdException {
        String verb = verb(command);
        String text = stripNewline(reply);
        if ("FAIL".equals(text) || text.isEmpty()) {
            // hostapd answers an empty reply to STA-NEXT past the last station on some builds, FAIL on others
            return Optional.empty();
        }
        if (UNKNOWN_COMMAND.equals(text)) {
            throw unexpected(verb, UNKNOWN_COMMAND);
        }
        requireComplete(verb, reply);
        int firstEnd = reply.indexOf('\n');
        MacAddress mac;
        try {
            mac = MacAddress.parse(reply.substring(0, firstEnd).strip());
        } catch (IllegalArgumentException e) {
            throw new HostapdException("garbled " + verb + " reply: the station line is not a MAC address");
        }
        Map<String, String> values = keyValues(verb, reply.substring(firstEnd + 1), 1);
        // a driver that cannot read the station's counters makes hostapd leave them out: 0, not an error
        long rx = number(verb, values, "rx_bytes", 0, Long.MAX_VALUE);
        long tx = number(verb, values, "tx_bytes", 0, Long.MAX_VALUE);
        long inactive = number(verb, values, "inactive_msec", 0, Long.MAX_VALUE);
        Integer signal = values.containsKey("signal")
                ? (int) number(verb, values, "signal", Integer.MIN_VALUE, Integer.MAX_VALUE)
                : null;
        Long connected = values.containsKey("connected_time")
                ? number(verb, values, "connected_time", 0, Long.MAX_VALUE)
                : null;
        return Optional.of(new StationInfo(mac, rx, tx, inactive, signal, connected));
    }

    /** Parses a {@code GET_COOKIE} reply ({@code COOKIE=<hex>}) of the UDP control interface. */
    public static String parseCookie(String reply) throws HostapdException {
        String text = stripNewline(reply);
        if (!text.startsWith("COOKIE=")) {
            throw unexpected("GET_COOKIE", text);
        }
        String hex = text.substring("COOKIE=".length());
        // hostapd's cookie is random bytes in hex (16 or 32 digits depending on the build)
        if (hex.isEmpty() || hex.length() > 128 || hex.length() % 2 != 0 || !hex.chars().allMatch(HostapdReplies::isHex)) {
            throw new HostapdException("garbled GET_COOKIE reply: the cookie is not hex digits");
        }
        return hex;
    }

    /**
     * Parses an event datagram ({@code <3>AP-STA-CONNECTED aa:bb:cc:dd:ee:ff [more]}). Never throws: an event the
     * hotspot does not use is {@link HostapdEvent.Kind#IGNORED}, one it cannot read {@link HostapdEvent.Kind#MALFORMED}.
     */
    public static HostapdEvent parseEvent(String datagram) {
        String text = stripNewline(datagram);
        int close = text.indexOf('>');
        if (!text.startsWith("<") || close < 2 || close > 3
                || !text.substring(1, close).chars().allMatch(Character::isDigit)) {
            return new HostapdEvent(HostapdEvent.Kind.MALFORMED, "", null);
        }
        String body = text.substring(close + 1);
        int space = body.indexOf(' ');
        String name = space < 0 ? body : body.substring(0, space);
        String args = space < 0 ? "" : body.substring(space + 1).strip();
        HostapdEvent.Kind kind = switch (name) {
            case "AP-STA-CONNECTED" -> HostapdEvent.Kind.STATION_CONNECTED;
            case "AP-STA-DISCONNECTED" -> HostapdEvent.Kind.STATION_DISCONNECTED;
            case "CTRL-EVENT-TERMINATING" -> HostapdEvent.Kind.TERMINATING;
            default -> HostapdEvent.Kind.IGNORED;
        };
        if (kind != HostapdEvent.Kind.STATION_CONNECTED && kind != HostapdEvent.Kind.STATION_DISCONNECTED) {
            return new HostapdEvent(kind, name, null);
        }
        // the MAC is the first argument; hostapd may append more (p2p_dev_addr=..., keyid=...)
        int end = args.indexOf(' ');
        try {
            return new HostapdEvent(kind, name, MacAddress.parse(end < 0 ? args : args.substring(0, end)));
        } catch (IllegalArgumentException e) {
            return new HostapdEvent(HostapdEvent.Kind.MALFORMED, name, null);
        }
    }

    private static Map<String, String> keyValues(String verb, String text, int firstLineNumber)
            throws HostapdException {
        requireComplete(verb, text);
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        // the last element is the empty string after the final newline
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new HostapdException("garbled " + verb + " reply: line " + (firstLineNumber + i + 1)
                        + " is not key=value");
            }
            String key = line.substring(0, eq);
            if (!key.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
                throw new HostapdException("garbled " + verb + " reply: line " + (firstLineNumber + i + 1)
                        + " has an invalid key");
            }
            values.put(key, line.substring(eq + 1));
        }
        if (values.isEmpty() && firstLineNumber == 0) {
            throw new HostapdException("garbled " + verb + " reply: no key=value lines");
        }
        return values;
    }

    private static void requireComplete(String verb, String text) throws HostapdException {
        if (text.indexOf('\0') >= 0 || text.indexOf('\uFFFD') >= 0) {
            throw new HostapdException("garbled " + verb + " reply: it contains bytes that are not ASCII text");
        }
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new HostapdException("truncated " + verb + " reply: the last line has no end");
        }
    }

    private static long number(String verb, Map<String, String> values, String key, long min, long max)
            throws HostapdException {
        String value = values.get(key);
        if (value == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < min || n > max) {
                throw new HostapdException("garbled " + verb + " reply: " + key + " is out of range");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new HostapdException("garbled " + verb + " reply: " + key + " is not a number");
        }
    }

    private static HostapdException unexpected(String command, String text) {
        String verb = verb(command);
        if (UNKNOWN_COMMAND.equals(text)) {
            return new HostapdException("hostapd does not know the command " + verb + " (UNKNOWN COMMAND)");
        }
        if (text.isEmpty()) {
            return new HostapdException("empty reply to " + verb);
        }
        // the reply itself is not shown: it is not what was expected and might carry a MAC address
        return new HostapdException("unexpected reply to " + verb + " (" + text.length() + " characters, "
                + describeStart(text) + ")");
    }

    /** A safe hint at what came back: the answer's word when it is one of hostapd's fixed answers, else none. */
    private static String describeStart(String text) {
        for (String word : new String[] {"OK", "FAIL", "PONG", "COOKIE=", UNKNOWN_COMMAND}) {
            if (text.startsWith(word)) {
                return "starting " + word;
            }
        }
        return "not a known answer";
    }

    private static boolean isHex(int c) {
        return Character.digit(c, 16) >= 0;
    }

    private static String stripNewline(String reply) {
        return reply.endsWith("\n") ? reply.substring(0, reply.length() - 1) : reply;
    }
}
