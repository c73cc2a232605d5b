package org.edgeway.hotspot.internal.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.edgeway.hotspot.internal.control.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client's MAC address into a pseudonymous id: HMAC-SHA256 with a random key of the day, truncated to 64
 * bits. The key is drawn at random every day (not derived from a lasting secret), so ids of different days cannot
 * be linked by anyone, the gateway included, once the day is over; it never leaves the gateway. It is kept in a file
 * readable by the gateway's user only ({@code var/security/hotspot-day.key}), so that a restart within the day keeps
 * the ids (and a client's quota); the next day's key overwrites it. Thread-safe.
 */
public final class Pseudonymizer {

    private static final Logger LOG = LoggerFactory.getLogger(Pseudonymizer.class);
    private static final int KEY_BYTES = 32;

    private final Path keyFile;
    private final Clock clock;
    private final ZoneId zone;
    private final SecureRandom random = new SecureRandom();
    private LocalDate keyDay;
    private byte[] key;

    /**
     * @param keyFile where today's key is kept
     * @param clock   the clock
     * @param zone    where days begin and end
     */
    public Pseudonymizer(Path keyFile, Clock clock, ZoneId zone) {
        this.keyFile = keyFile;
        this.clock = clock;
        this.zone = zone;
    }

    /** @return the client's id for today, 16 hex digits */
    public synchronized String pseudonym(MacAddress station) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (!today.equals(keyDay)) {
            key = loadOrCreate(today);
            keyDay = today;
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = hmac.doFinal(station.bytes());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    /** @return the day the current key belongs to (ids change when it does) */
    public synchronized LocalDate day() {
        return LocalDate.now(clock.withZone(zone));
    }

    private byte[] loadOrCreate(LocalDate today) {
        try {
            if (Files.exists(keyFile)) {
                String[] stored = Files.readString(keyFile, StandardCharsets.US_ASCII).trim().split(" ");
                if (stored.length == 2 && stored[0].equals(today.toString()) && stored[1].length() == KEY_BYTES * 2) {
                    return HexFormat.of().parseHex(stored[1]);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot read the hotspot's key of the day ({}); drawing a new one: client ids change now",
                    e.getMessage());
        }
        byte[] fresh = new byte[KEY_BYTES];
        random.nextBytes(fresh);
        store(today, fresh);
        return fresh;
    }

    private void store(LocalDate day, byte[] fresh) {
        try {
            Files.createDirectories(keyFile.getParent());
            Path temporary = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, day + " " + HexFormat.of().formatHex(fresh), StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, keyFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the key still works for this process; only a restart today would change the ids
            LOG.warn("cannot keep the hotspot's key of the day in {}: {}", keyFile, e.getMessage());
        }
    }
}
