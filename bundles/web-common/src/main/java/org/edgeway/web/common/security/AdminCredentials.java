package org.edgeway.web.common.security;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's admin password, kept only as a {@link PasswordHasher} hash in one owner-only file
 * ({@code var/security/web-admin.hash}). Deleting the file while the gateway is stopped resets the password.
 * Thread-safe.
 */
public final class AdminCredentials {

    private final Path hashFile;
    private final PasswordHasher hasher;
    /** Serializes writes, so that an upgrade of the hash cannot overwrite a password set at the same time. */
    private final Object writeLock = new Object();
    /** Whether the file holds a hash; null until looked at. Cached because every request of the console asks. */
    private volatile Boolean cachedIsSet;

    public AdminCredentials(Path hashFile, PasswordHasher hasher) {
        this.hashFile = Objects.requireNonNull(hashFile, "hashFile");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /** @return whether a password is stored (the hash file exists and is not empty) */
    public boolean isSet() {
        Boolean known = cachedIsSet;
        if (known == null) {
            known = hashFileHasContent();
            cachedIsSet = known;
        }
        return known;
    }

    /**
     * Stores {@code password}, replacing any earlier one.
     *
     * @throws IllegalArgumentException with {@link PasswordPolicy}'s words if the password is not acceptable
     */
    public void set(char[] password) throws IOException {
        Optional<String> problem = PasswordPolicy.problem(password);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        String hash = hasher.hash(password);
        synchronized (writeLock) {
            try {
                SecureFiles.writeAtomically(hashFile, hash + "\n");
                cachedIsSet = Boolean.TRUE;
            } catch (IOException | RuntimeException e) {
                // the file is as before or whole: look at it again next time
                cachedIsSet = null;
                throw e;
            }
        }
    }

    /**
     * @return whether {@code password} is the stored one; {@code false} if none is stored
     * @throws IOException if the hash file cannot be read or is malformed
     */
    public boolean verify(char[] password) throws IOException {
        if (password == null || !isSet()) {
            return false;
        }
        Optional<String> stored = readStored();
        if (stored.isEmpty()) {
            // removed or emptied since isSet() looked
            cachedIsSet = null;
            return false;
        }
        boolean matches;
        boolean outdated;
        try {
            matches = hasher.verify(password, stored.get());
            outdated = matches && hasher.needsRehash(stored.get());
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (outdated) {
            upgrade(password, stored.get());
        }
        return matches;
    }

    /** Re-hashes with the hasher's iterations, unless the password was changed meanwhile. */
    private void upgrade(char[] password, String outdatedHash) {
        String upgraded = hasher.hash(password);
        synchronized (writeLock) {
            try {
                if (readStored().filter(outdatedHash::equals).isPresent()) {
                    SecureFiles.writeAtomically(hashFile, upgraded + "\n");
                }
            } catch (IOException e) {
                // the login stands: the old hash still verifies, and the upgrade is tried again at the next login
            }
        }
    }

    private Optional<String> readStored() throws IOException {
        try {
            String content = Files.readString(hashFile, StandardCharsets.UTF_8).strip();
            return content.isEmpty() ? Optional.empty() : Optional.of(content);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CharacterCodingException e) {
            throw malformed();
        }
    }

    private IOException malformed() {
        return new IOException("the admin password hash file " + hashFile
                + " is malformed; stop the gateway and delete it to set a new password");
    }

    private boolean hashFileHasContent() {
        if (!Files.exists(hashFile)) {
            return false;
        }
        try {
            return Files.size(hashFile) > 0;
        } catch (IOException e) {
            // there is a file: never offer the first-start setup because of a read error; verify() reports it
            return true;
        }
    }
}
