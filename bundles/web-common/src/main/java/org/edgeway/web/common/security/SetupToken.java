package org.edgeway.web.common.security;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one-time token of the first start ({@code var/security/web-setup.token}, owner-only): whoever can read the
 * gateway's files or log proves with it that they may set the console's password. Thread-safe.
 */
public final class SetupToken {

    private static final int TOKEN_BYTES = 18;
    /** 18 bytes are 24 characters of URL-safe base64 without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{24}");

    private final Path tokenFile;
    private final SecureRandom random;

    public SetupToken(Path tokenFile, SecureRandom random) {
        this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** @return the token in the file; a new one, written first, if there is none (or the file holds no token) */
    public synchronized String ensure() throws IOException {
        Optional<String> existing = read();
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        SecureFiles.writeAtomically(tokenFile, token + "\n");
        return token;
    }

    /** @return whether {@code candidate} (surrounding blanks ignored) is the token; false if there is none */
    public boolean matches(String candidate) throws IOException {
        if (candidate == null) {
            return false;
        }
        Optional<String> token = read();
        // constant time: the answer's timing must not tell how much of the token was right
        return token.isPresent() && MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                candidate.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the token (after the password is set it must not work again). */
    public synchronized void delete() throws IOException {
        Files.deleteIfExists(tokenFile);
    }

    private Optional<String> read() throws IOException {
        try {
            String content = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
            return TOKEN.matcher(content).matches() ? Optional.of(content) : Optional.empty();
        } catch (NoSuchFileException | CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
