package org.edgeway.hotspot.internal.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Renders {@link HostapdConfig} as a hostapd 2.10 configuration file and writes it atomically, only when its
 * content changed. The caller asks hostapd to {@code RELOAD} when {@link #write(HostapdConfig)} returns true.
 *
 * <p>The file holds the WPA2 passphrase, so it is created with permissions 0600 and nothing here logs its content.
 * This class logs nothing at all; the caller logs the outcome (with {@link HostapdConfig#toString()}, which redacts
 * the passphrase).
 */
public final class HostapdConfigWriter {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path target;

    /** @param target the hostapd.conf to maintain, e.g. {@code /run/edgeway/hostapd.conf} */
    public HostapdConfigWriter(Path target) {
        this.target = Objects.requireNonNull(target, "target").toAbsolutePath();
    }

    /** @return the file this writer maintains */
    public Path target() {
        return target;
    }

    /** @return the hostapd.conf text for the settings (contains the passphrase: never log it) */
    public static String render(HostapdConfig config) {
        StringBuilder out = new StringBuilder(512);
        out.append("# Written by edgeway (passenger Wi-Fi hotspot). Changes here are overwritten.\n");
        line(out, "interface", config.interfaceName());
        config.bridgeName().ifPresent(bridge -> line(out, "bridge", bridge));
        line(out, "driver", config.driver());
        line(out, "ctrl_interface", config.ctrlInterface());
        line(out, "ctrl_interface_group", "0");
        if (needsEscaping(config.ssid())) {
            line(out, "ssid2", escapedSsid(config.ssid()));
        } else {
            line(out, "ssid", config.ssid());
        }
        line(out, "utf8_ssid", "1");
        line(out, "hw_mode", config.hwMode().hostapdValue());
        line(out, "channel", Integer.toString(config.channel()));
        line(out, "country_code", config.countryCode());
        line(out, "ieee80211d", "1");
        line(out, "ieee80211n", "1");
        line(out, "wmm_enabled", "1");
        line(out, "max_num_sta", Integer.toString(config.maxStations()));
        // Passengers must not reach each other's devices.
        line(out, "ap_isolate", "1");
        if (config.security() == HostapdConfig.Security.WPA2_PSK) {
            line(out, "wpa", "2");
            line(out, "wpa_key_mgmt", "WPA-PSK");
            line(out, "rsn_pairwise", "CCMP");
            // hostapd takes 8..63 characters as wpa_passphrase and a 64-hex-digit raw key only as wpa_psk.
            line(out, config.rawPsk() ? "wpa_psk" : "wpa_passphrase", config.passphrase());
        }
        return out.toString();
    }

    /**
     * Writes the configuration if the file does not already hold exactly this text: a temporary file (0600) in the
     * same directory, flushed to disk, then renamed over the target, so hostapd never reads a half-written file.
     *
     * @return true if the file was written (the caller should make hostapd reload it), false if it was unchanged
     * @throws IOException if the file cannot be read or written; the previous file is then left as it was
     */
    public boolean write(HostapdConfig config) throws IOException {
        byte[] content = render(config).getBytes(StandardCharsets.UTF_8);
        if (unchanged(content)) {
            restrictPermissions(target);
            return false;
        }
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = createTemporary(directory);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically", e);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        syncDirectory(directory);
        return true;
    }

    private boolean unchanged(byte[] content) throws IOException {
        try {
            if (Files.size(target) != content.length) {
                return false;
            }
            return Arrays.equals(Files.readAllBytes(target), content);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static Path createTemporary(Path directory) throws IOException {
        String prefix = "." + "hostapd-";
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            // Created 0600 from the start (not chmod-ed later), so the passphrase is never readable by others.
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createTempFile(directory, prefix, ".tmp", ownerOnly);
        }
        return Files.createTempFile(directory, prefix, ".tmp");
    }

    // An unchanged file from an earlier, laxer writer still gets its permissions tightened.
    private static void restrictPermissions(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")
                && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    // The rename is durable only once the directory entry is on disk. Linux allows fsync on a directory opened for
    // reading; where that is not supported the rename still happened, so the failure is ignored.
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort (see above)
        }
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append('=').append(value).append('\n');
    }

    // A plain "ssid=" line takes the rest of the line as raw bytes; we still escape anything beyond printable ASCII
    // and leading or trailing spaces, which are easy to lose when someone edits the file by hand.
    static boolean needsEscaping(String ssid) {
        if (ssid.startsWith(" ") || ssid.endsWith(" ")) {
            return true;
        }
        for (int i = 0; i < ssid.length(); i++) {
            char c = ssid.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return true;
            }
        }
        return false;
    }

    /** @return hostapd's printf-escaped string form {@code P"..."} of the SSID's UTF-8 bytes */
    static String escapedSsid(String ssid) {
        StringBuilder out = new StringBuilder("P\"");
        for (byte b : ssid.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c >= 0x20 && c <= 0x7e) {
                out.append((char) c);
            } else {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return out.append('"').toString();
    }
}
