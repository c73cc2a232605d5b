package org.edgeway.demo.internal.hostapd;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A station's MAC address. MAC addresses are personal data and this simulator runs inside the demo gateway, whose logs
 * are scanned for them: {@link #toString()} is redacted, only {@link #text()} (for the control protocol) shows it.
 */
public record Mac(long bits) {

    private static final long MASK = 0xFFFF_FFFF_FFFFL;
    private static final long LOCALLY_ADMINISTERED = 0x02L << 40;
    private static final long MULTICAST = 0x01L << 40;
    private static final Pattern TEXT = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

    public Mac {
        if ((bits & ~MASK) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    /**
     * A random locally administered unicast address (first octet: bit 1 set, bit 0 clear), as phones use for Wi-Fi
     * privacy, so it can never be a real device's vendor address.
     */
    public static Mac randomLocal(RandomGenerator random) {
        long bits = random.nextLong() & MASK;
        return new Mac((bits | LOCALLY_ADMINISTERED) & ~MULTICAST);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (either case); empty for anything else. */
    public static Optional<Mac> parse(String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Mac(Long.parseLong(text.replace(":", ""), 16)));
    }

    /** The address as hostapd writes it: lower case, colon separated. Never log it. */
    public String text() {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                text.append(':');
            }
            text.append(String.format(Locale.ROOT, "%02x", (bits >>> shift) & 0xFF));
        }
        return text.toString();
    }

    public boolean locallyAdministered() {
        return (bits & LOCALLY_ADMINISTERED) != 0;
    }

    public boolean unicast() {
        return (bits & MULTICAST) == 0;
    }

    /** Redacted: MAC addresses must not reach logs. */
    @Override
    public String toString() {
        return "Mac[redacted]";
    }
}
