package org.edgeway.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Checks {@code dp.download.hash} ({@code ALGORITHM:HEX}, any JDK digest such as SHA-256, SHA-512 or MD5). */
final class Hashes {

    private Hashes() {
    }

    /** Validates the form of a hash specification before a download starts. */
    static MessageDigest digestOf(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("dp.download.hash '" + spec + "' is not ALGORITHM:HEX (e.g. SHA-256:9f86...)");
        }
        String algorithm = spec.substring(0, colon).strip();
        if (algorithm.equalsIgnoreCase("SHA256")) {
            algorithm = "SHA-256";
        }
        if (!spec.substring(colon + 1).strip().matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException("dp.download.hash '" + spec + "': the value is not hexadecimal");
        }
        try {
            return MessageDigest.getInstance(algorithm.toUpperCase(java.util.Locale.ROOT));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("dp.download.hash: unknown algorithm '" + algorithm + "'");
        }
    }

    /** Throws a message naming both values if {@code file} does not have the hash. */
    static void verify(Path file, String spec) throws IOException, PackageException {
        MessageDigest digest = digestOf(spec);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[16384];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        String expected = spec.substring(spec.indexOf(':') + 1).strip();
        if (!actual.equalsIgnoreCase(expected)) {
            throw new PackageException("downloaded file does not match dp.download.hash: expected "
                    + digest.getAlgorithm() + ":" + expected.toLowerCase(java.util.Locale.ROOT) + ", got "
                    + digest.getAlgorithm() + ":" + actual);
        }
    }
}
