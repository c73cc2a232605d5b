package org.edgeway.web.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupTokenTest {

    @TempDir
    Path home;

    private Path tokenFile() {
        return home.resolve("var/security/web-setup.token");
    }

    @Test
    void createsAUrlSafeTokenOnceAndKeepsIt() throws IOException {
        SetupToken setup = new SetupToken(tokenFile(), new SecureRandom());

        String token = setup.ensure();

        assertThat(token).hasSize(24).matches("[A-Za-z0-9_-]{24}");
        assertThat(setup.ensure()).isEqualTo(token);
        // a restart finds the same token in the file
        assertThat(new SetupToken(tokenFile(), new SecureRandom()).ensure()).isEqualTo(token);
        assertThat(Files.readString(tokenFile()).strip()).isEqualTo(token);
    }

    @Test
    void drawsEveryTokenAtRandom() throws IOException {
        String first = new SetupToken(home.resolve("a.token"), new SecureRandom()).ensure();
        String second = new SetupToken(home.resolve("b.token"), new SecureRandom()).ensure();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void writesTheFileOwnerOnly() throws IOException {
        assumeTrue(SecureFiles.supportsPosix(home), "POSIX file permissions");

        new SetupToken(tokenFile(), new SecureRandom()).ensure();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void matchesOnlyTheToken() throws IOException {
        SetupToken setup = new SetupToken(tokenFile(), new SecureRandom());
        String token = setup.ensure();

        assertThat(setup.matches(token)).isTrue();
        assertThat(setup.matches(" " + token + "\n")).isTrue();
        assertThat(setup.matches(token.substring(1))).isFalse();
        assertThat(setup.matches(token + "x")).isFalse();
        assertThat(setup.matches("")).isFalse();
        assertThat(setup.matches(null)).isFalse();
    }

    @Test
    void matchesNothingOnceDeleted() throws IOException {
        SetupToken setup = new SetupToken(tokenFile(), new SecureRandom());
        String token = setup.ensure();

        setup.delete();

        assertThat(tokenFile()).doesNotExist();
        assertThat(setup.matches(token)).isFalse();
        setup.delete();
        // a later first start makes a new one
        assertThat(setup.ensure()).isNotEqualTo(token);
    }

    @Test
    void matchesNothingWithoutAFile() throws IOException {
        assertThat(new SetupToken(tokenFile(), new SecureRandom()).matches("AAAAAAAAAAAAAAAAAAAAAAAA")).isFalse();
    }

    @Test
    void replacesAFileThatHoldsNoToken() throws IOException {
        Files.createDirectories(tokenFile().getParent());
        Files.writeString(tokenFile(), "\n");
        SetupToken setup = new SetupToken(tokenFile(), new SecureRandom());

        assertThat(setup.matches("")).isFalse();
        String token = setup.ensure();

        assertThat(token).hasSize(24);
        assertThat(setup.matches(token)).isTrue();
    }
}
