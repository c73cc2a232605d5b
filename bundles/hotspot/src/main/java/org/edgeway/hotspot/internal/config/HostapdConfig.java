package org.edgeway.hotspot.internal.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the hotspot's hostapd.conf says, validated. Every value ends up on one line of a file that hostapd parses, so
 * the validation also keeps line breaks and other control characters out of it.
 *
 * <p>The passphrase is a secret: {@link #toString()} redacts it and no validation message ever contains it.
 *
 * @param interfaceName   the wireless interface, e.g. {@code wlan0}
 * @param driver          hostapd driver, normally {@code nl80211}
 * @param ctrlInterface   directory of hostapd's control sockets, e.g. {@code /var/run/hostapd}
 * @param ssid            network name, 1..32 bytes of UTF-8, no control characters
 * @param hwMode          {@link HwMode#G} (2.4 GHz) or {@link HwMode#A} (5 GHz)
 * @param channel         a channel valid for the mode
 * @param countryCode     ISO 3166-1 alpha-2, upper case (regulatory domain)
 * @param security        {@link Security#OPEN} (the captive portal's usual case) or {@link Security#WPA2_PSK}
 * @param passphrase      WPA2: 8..63 printable ASCII characters, or 64 hex digits (a raw PSK); ignored (stored as
 *                        null) for an open network
 * @param maxStations     1..2007 (hostapd's limit)
 * @param bridge          bridge to add the interface to, or null / blank for none
 */
public record HostapdConfig(String interfaceName, String driver, String ctrlInterface, String ssid, HwMode hwMode,
        int channel, String countryCode, Security security, String passphrase, int maxStations, String bridge) {

    /** The radio band. */
    public enum HwMode {
        /** 2.4 GHz (802.11g, with n on top). */
        G,
        /** 5 GHz (802.11a, with n on top). */
        A;

        /** @return the value of hostapd's {@code hw_mode} */
        public String hostapdValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How stations authenticate. */
    public enum Security {
        OPEN, WPA2_PSK
    }

    public static final String DEFAULT_DRIVER = "nl80211";
    public static final int MAX_STATIONS_LIMIT = 2007;

    // 5 GHz channels usable with 20 MHz width in most regulatory domains (UNII-1..3); 52-144 need DFS, which
    // hostapd performs itself. Whether a channel is allowed in a given country is left to the kernel's regdb.
    private static final Set<Integer> CHANNELS_5GHZ = Set.of(36, 40, 44, 48, 52, 56, 60, 64, 100, 104, 108, 112, 116,
            120, 124, 128, 132, 136, 140, 144, 149, 153, 157, 161, 165);
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    // Linux interface names: at most 15 bytes (IFNAMSIZ - 1); we also keep out anything a config line or a path
    // could misread.
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9._-]{1,15}");
    private static final Pattern DRIVER = Pattern.compile("[a-z0-9_]{1,32}");
    private static final Pattern HEX_PSK = Pattern.compile("[0-9A-Fa-f]{64}");

    /**
     * @throws IllegalArgumentException naming every invalid setting (never quoting the passphrase)
     */
    public HostapdConfig {
        driver = driver == null || driver.isBlank() ? DEFAULT_DRIVER : driver.strip();
        bridge = bridge == null || bridge.isBlank() ? null : bridge.strip();
        if (security == Security.OPEN) {
            passphrase = null; // an open network has none; a left-over value must not reach the file
        }
        List<String> problems = new ArrayList<>();
        if (interfaceName == null || !INTERFACE.matcher(interfaceName).matches()) {
            problems.add("interface name: must be 1..15 characters of letters, digits, '.', '_' or '-'");
        }
        if (!DRIVER.matcher(driver).matches()) {
            problems.add("driver: must be lower-case letters, digits or '_' (normally " + DEFAULT_DRIVER + ")");
        }
        if (ctrlInterface == null || !ctrlInterface.startsWith("/") || ctrlInterface.length() > 200
                || hasControlCharacter(ctrlInterface)) {
            problems.add("ctrl_interface: must be an absolute directory path without control characters");
        }
        checkSsid(ssid, problems);
        if (hwMode == null) {
            problems.add("hw_mode: must be G (2.4 GHz) or A (5 GHz)");
        } else if (hwMode == HwMode.G && (channel < 1 || channel > 13)) {
            problems.add("channel: " + channel + " is not a 2.4 GHz channel (hw_mode G allows 1..13)");
        } else if (hwMode == HwMode.A && !CHANNELS_5GHZ.contains(channel)) {
            problems.add("channel: " + channel + " is not a 5 GHz channel (hw_mode A allows 36, 40, 44, 48, 52-64, "
                    + "100-144 in steps of 4, 149-165 in steps of 4)");
        }
        if (countryCode == null || !COUNTRIES.contains(countryCode)) {
            problems.add("country code: must be an ISO 3166-1 alpha-2 code in upper case, e.g. DE");
        }
        if (security == null) {
            problems.add("security: must be OPEN or WPA2_PSK");
        } else if (security == Security.WPA2_PSK) {
            checkPassphrase(passphrase, problems);
        }
        if (maxStations < 1 || maxStations > MAX_STATIONS_LIMIT) {
            problems.add("max stations: " + maxStations + " is outside 1.." + MAX_STATIONS_LIMIT);
        }
        if (bridge != null && !INTERFACE.matcher(bridge).matches()) {
            problems.add("bridge: must be 1..15 characters of letters, digits, '.', '_' or '-'");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid hostapd configuration: " + String.join("; ", problems));
        }
    }

    private static void checkSsid(String ssid, List<String> problems) {
        if (ssid == null || ssid.isEmpty()) {
            problems.add("ssid: must not be empty");
            return;
        }
        if (hasControlCharacter(ssid)) {
            problems.add("ssid: must not contain control characters");
            return;
        }
        int bytes;
        try {
            // A strict encoder: an unpaired surrogate would otherwise silently become '?'.
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(ssid));
            bytes = encoded.remaining();
        } catch (CharacterCodingException e) {
            problems.add("ssid: is not valid Unicode text");
            return;
        }
        if (bytes > 32) {
            problems.add("ssid: must be at most 32 bytes in UTF-8 (is " + bytes + ")");
        }
    }

    // The messages describe the rule and the length only: the passphrase itself is never quoted.
    private static void checkPassphrase(String passphrase, List<String> problems) {
        if (passphrase == null || passphrase.isEmpty()) {
            problems.add("passphrase: required for WPA2_PSK");
            return;
        }
        if (HEX_PSK.matcher(passphrase).matches()) {
            return;
        }
        if (passphrase.length() < 8 || passphrase.length() > 63) {
            problems.add("passphrase: must be 8..63 characters (or 64 hex digits), has " + passphrase.length());
            return;
        }
        for (int i = 0; i < passphrase.length(); i++) {
            char c = passphrase.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                problems.add("passphrase: must contain printable ASCII characters only (found a character that "
                        + "is not, at position " + (i + 1) + ")");
                return;
            }
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || c == 0x2028 || c == 0x2029);
    }

    /** @return the bridge, if the interface is bridged */
    public Optional<String> bridgeName() {
        return Optional.ofNullable(bridge);
    }

    /** @return true when the WPA2 secret is a raw 256-bit PSK (64 hex digits) rather than a passphrase */
    public boolean rawPsk() {
        return passphrase != null && HEX_PSK.matcher(passphrase).matches();
    }

    /** @return the settings with the passphrase redacted (safe to log) */
    @Override
    public String toString() {
        return "HostapdConfig[interfaceName=" + interfaceName + ", driver=" + driver + ", ctrlInterface="
                + ctrlInterface + ", ssid=" + ssid + ", hwMode=" + hwMode + ", channel=" + channel + ", countryCode="
                + countryCode + ", security=" + security + ", passphrase=" + (passphrase == null ? "none" : "***")
                + ", maxStations=" + maxStations + ", bridge=" + bridge + "]";
    }
}
