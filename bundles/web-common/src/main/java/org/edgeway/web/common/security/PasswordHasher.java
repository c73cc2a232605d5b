package org.edgeway.web.common.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes passwords with PBKDF2-HMAC-SHA256 and a random 16-byte salt into
 * {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>}. The iterations are part of the stored value, so a
 * hash made with fewer iterations still verifies and can be upgraded ({@link #needsRehash}). Thread-safe.
 */
public final class PasswordHasher {

    /** OWASP's recommendation (2023) for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final SecureRandom random;

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS, new SecureRandom());
    }

    public PasswordHasher(int iterations, SecureRandom random) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, not " + iterations);
        }
        this.iterations = iterations;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** @return the value to store for {@code password}; a new salt every time */
    public String hash(char[] password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder base64 = Base64.getEncoder();
        return SCHEME + '$' + iterations + '$' + base64.encodeToString(salt) + '$' + base64.encodeToString(hash);
    }

    /**
     * @return whether {@code password} is the one {@code stored} was made of ({@code false} for a null password)
     * @throws IllegalArgumentException if {@code stored} is not a value of {@link #hash}
     */
    public boolean verify(char[] password, String stored) {
        Stored parsed = parse(stored);
        if (password == null) {
            return false;
        }
        // constant time: how much of the hash matched must not show in the answer's timing
        return MessageDigest.isEqual(derive(password, parsed.salt(), parsed.iterations()), parsed.hash());
    }

    /**
     * @return whether {@code stored} was made with fewer iterations than this hasher uses
     * @throws IllegalArgumentException if {@code stored} is not a value of {@link #hash}
     */
    public boolean needsRehash(String stored) {
        return parse(stored).iterations() < iterations;
    }

    private record Stored(int iterations, byte[] salt, byte[] hash) {
    }

    private static Stored parse(String stored) {
        if (stored == null) {
            throw malformed();
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw malformed();
        }
        int storedIterations;
        byte[] salt;
        byte[] hash;
        try {
            storedIterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            // not chained: the parsers' messages quote the input
            throw malformed();
        }
        if (storedIterations < 1 || salt.length == 0 || hash.length != HASH_BYTES) {
            throw malformed();
        }
        return new Stored(storedIterations, salt, hash);
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("stored password hash is malformed");
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java 17 runtime", e);
        } finally {
            // the spec holds a copy of the password
            spec.clearPassword();
        }
    }
}
