package org.edgeway.hotspot.internal.control;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A station's MAC address. Personal data: it lives only in this process's memory. {@link #toString()} never shows
 * it (so that a log line or an exception message cannot leak it); only the hostapd control protocol and the keyed
 * hash that pseudonymises it read the bytes ({@link #protocolText()}, {@link #bytes()}).
 */
public final class MacAddress {

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (hostapd's form; upper case accepted).
     *
     * @throws IllegalArgumentException without echoing the text (it may be a MAC address)
     */
    public static MacAddress parse(String text) {
        if (text == null || text.length() != 17) {
            throw new IllegalArgumentException("not a MAC address (expected 6 hex pairs separated by ':')");
        }
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            int at = i * 3;
            if (i > 0 && text.charAt(at - 1) != ':') {
                throw new IllegalArgumentException("not a MAC address (expected 6 hex pairs separated by ':')");
            }
            int high = Character.digit(text.charAt(at), 16);
            int low = Character.digit(text.charAt(at + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("not a MAC address (expected 6 hex pairs separated by ':')");
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return new MacAddress(bytes);
    }

    /** @return a copy of the six bytes, for the keyed hash */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return {@code aa:bb:cc:dd:ee:ff}, for hostapd commands only: never log or publish it */
    public String protocolText() {
        return HexFormat.ofDelimiter(":").formatHex(bytes).toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress mac && Arrays.equals(bytes, mac.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** @return a placeholder: the address itself is never shown */
    @Override
    public String toString() {
        return "MacAddress[redacted]";
    }
}
