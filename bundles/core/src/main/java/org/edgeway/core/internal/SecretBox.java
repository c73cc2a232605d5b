package org.edgeway.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts configuration secrets with AES-256-GCM under a per-device key. An encrypted value is the text
 * {@code {enc}} followed by base64 of a 12-byte random nonce and the ciphertext with its 16-byte tag. The key is
 * generated at first use into a file readable by the owner only (mode 0600), created atomically: a concurrent
 * creator loses the race and reads the winner's key.
 */
final class SecretBox {

    static final String PREFIX = "{enc}";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Reads the key file, creating it (and its directory, mode 0700) when missing. */
    static SecretBox loadOrCreate(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            create(keyFile);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + keyFile + " is not base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IOException("key file " + keyFile + " does not hold a " + KEY_BYTES * 8 + "-bit key");
        }
        return new SecretBox(key);
    }

    /** A box over a given key, for tests. */
    static SecretBox of(byte[] key) {
        return new SecretBox(key.clone());
    }

    private static void create(Path keyFile) throws IOException {
        Path directory = keyFile.toAbsolutePath().getParent();
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(directory)) {
            if (posix) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(directory);
            }
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        // written completely under a temporary name, then linked to the final name: readers never see half a key,
        // and of two concurrent creators exactly one wins
        Path temporary = Files.createTempFile(directory, ".config.key-", ".tmp", ownerOnly);
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(keyFile, temporary);
            } catch (FileAlreadyExistsException e) {
                // another creator won; use its key
            } catch (UnsupportedOperationException e) {
                if (!Files.exists(keyFile)) {
                    Files.move(temporary, keyFile);
                }
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static boolean isEncrypted(Object value) {
        return value instanceof String text && text.startsWith(PREFIX);
    }

    String encrypt(String clear) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts an {@code {enc}} value; any other text is returned as it is (a secret left in clear).
     *
     * @throws IllegalArgumentException if the value is not ours (another key, or tampered); the message never
     *                                  contains the value
     */
    String decrypt(String value) {
        if (!isEncrypted(value)) {
            return value;
        }
        try {
            byte[] in = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new IllegalArgumentException("encrypted value is too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("encrypted value cannot be decrypted with this gateway's key");
        }
    }

    /** Decrypts a configuration value of any shape: a string, a String[] or a list; other values unchanged. */
    Object decryptValue(Object value) {
        if (value instanceof String text) {
            return decrypt(text);
        }
        if (value instanceof String[] array) {
            String[] out = array.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i] == null ? null : decrypt(out[i]);
            }
            return out;
        }
        if (value instanceof List<?> list && list.stream().anyMatch(SecretBox::isEncrypted)) {
            return list.stream().map(v -> v instanceof String s ? decrypt(s) : v).toList();
        }
        return value;
    }

    /** Whether a configuration value holds an encrypted part. */
    static boolean holdsEncrypted(Object value) {
        if (value instanceof String[] array) {
            return java.util.Arrays.stream(array).anyMatch(SecretBox::isEncrypted);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(SecretBox::isEncrypted);
        }
        return isEncrypted(value);
    }
}
