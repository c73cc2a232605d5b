package org.edgeway.web.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCredentialsTest {

    private static final char[] PASSWORD = "correct horse battery".toCharArray();

    @TempDir
    Path home;

    private final PasswordHasher hasher = new PasswordHasher(1_000, new SecureRandom());

    private Path hashFile() {
        return home.resolve("var/security/web-admin.hash");
    }

    @Test
    void isNotSetAndVerifiesNothingBeforeAPasswordIsSet() throws IOException {
        AdminCredentials credentials = new AdminCredentials(hashFile(), hasher);

        assertThat(credentials.isSet()).isFalse();
        assertThat(credentials.verify(PASSWORD)).isFalse();
        assertThat(hashFile()).doesNotExist();
    }

    @Test
    void storesOnlyAHashThatVerifies() throws IOException {
        AdminCredentials credentials = new AdminCredentials(hashFile(), hasher);

        credentials.set(PASSWORD);

        assertThat(credentials.isSet()).isTrue();
        assertThat(credentials.verify(PASSWORD)).isTrue();
        assertThat(credentials.verify("correct horse battery!".toCharArray())).isFalse();
        String stored = Files.readString(hashFile(), StandardCharsets.UTF_8);
        assertThat(stored).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct horse");
        // a new instance (a restart) reads the same file
        assertThat(new AdminCredentials(hashFile(), hasher).verify(PASSWORD)).isTrue();
    }

    @Test
    void writesTheFileOwnerOnlyInAnOwnerOnlyDirectory() throws IOException {
        assumeTrue(SecureFiles.supportsPosix(home), "POSIX file permissions");
        AdminCredentials credentials = new AdminCredentials(hashFile(), hasher);

        credentials.set(PASSWORD);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hashFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hashFile().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void replacesTheFileAtomically() throws IOException {
        AdminCredentials credentials = new AdminCredentials(hashFile(), hasher);
        credentials.set(PASSWORD);
        Object firstFile = Files.readAttributes(hashFile(), BasicFileAttributes.class).fileKey();
        if (SecureFiles.supportsPosix(home)) {
            Files.setPosixFilePermissions(hashFile(), PosixFilePermissions.fromString("rw-r--r--"));
        }

        credentials.set("another good password".toCharArray());

        assertThat(credentials.verify(PASSWORD)).isFalse();
        assertThat(credentials.verify("another good password".toCharArray())).isTrue();
        // a new file renamed over the old one (another inode), not the old one rewritten in place
        Object secondFile = Files.readAttributes(hashFile(), BasicFileAttributes.class).fileKey();
        if (firstFile != null) {
            assertThat(secondFile).isNotEqualTo(firstFile);
        }
        if (SecureFiles.supportsPosix(home)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hashFile()))).isEqualTo("rw-------");
        }
        // no temporary file left behind
        try (Stream<Path> files = Files.list(hashFile().getParent())) {
            assertThat(files).containsExactly(hashFile());
        }
    }

    @Test
    void refusesAPasswordAgainstThePolicy() {
        AdminCredentials credentials = new AdminCredentials(hashFile(), hasher);

        assertThatThrownBy(() -> credentials.set("short".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the password must have at least 10 characters");
        assertThat(credentials.isSet()).isFalse();
        assertThat(hashFile()).doesNotExist();
    }

    @Test
    void reportsAMalformedFileByNameNotContent() throws IOException {
        Files.createDirectories(hashFile().getParent());
        Files.writeString(hashFile(), "pbkdf2-sha256$garbage-content\n");
        AdminCredentials credentials = new AdminCredentials(hashFile(), hasher);

        assertThat(credentials.isSet()).isTrue();
        assertThatThrownBy(() -> credentials.verify(PASSWORD))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(hashFile().toString())
                .hasMessageNotContaining("garbage-content");
    }

    @Test
    void treatsAnEmptyFileAsNotSet() throws IOException {
        Files.createDirectories(hashFile().getParent());
        Files.createFile(hashFile());
        AdminCredentials credentials = new AdminCredentials(hashFile(), hasher);

        assertThat(credentials.isSet()).isFalse();
        assertThat(credentials.verify(PASSWORD)).isFalse();
    }

    @Test
    void cachesIsSetUntilAVerifyFindsTheFileGone() throws IOException {
        AdminCredentials credentials = new AdminCredentials(hashFile(), hasher);
        credentials.set(PASSWORD);
        Files.delete(hashFile());

        assertThat(credentials.isSet()).isTrue();
        assertThat(credentials.verify(PASSWORD)).isFalse();
        assertThat(credentials.isSet()).isFalse();
    }

    @Test
    void upgradesAnOutdatedHashAtASuccessfulLogin() throws IOException {
        new AdminCredentials(hashFile(), new PasswordHasher(500, new SecureRandom())).set(PASSWORD);
        String outdated = Files.readString(hashFile());
        AdminCredentials credentials = new AdminCredentials(hashFile(), hasher);

        assertThat(credentials.verify("wrong password!".toCharArray())).isFalse();
        assertThat(Files.readString(hashFile())).isEqualTo(outdated);

        assertThat(credentials.verify(PASSWORD)).isTrue();
        assertThat(Files.readString(hashFile())).startsWith("pbkdf2-sha256$1000$");
        assertThat(credentials.verify(PASSWORD)).isTrue();
    }
}
