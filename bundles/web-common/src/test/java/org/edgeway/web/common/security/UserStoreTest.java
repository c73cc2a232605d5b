package org.edgeway.web.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

import org.edgeway.web.common.security.UserStore.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    private static final Set<String> ROLES = Set.of("admin", "operator");

    @TempDir
    Path home;

    private final PasswordHasher hasher = new PasswordHasher(1_000, new SecureRandom());

    private Path file() {
        return home.resolve("var/security/fleet-users");
    }

    private UserStore open() throws IOException {
        return new UserStore(file(), hasher, ROLES, "admin");
    }

    @Test
    void startsEmptyAndKeepsUsersWithRolesAndOnlyHashesAcrossRestarts() throws IOException {
        UserStore store = open();
        assertThat(store.isEmpty()).isTrue();

        store.add("alice", "admin", PASSWORD);
        store.add("olga", "operator", "another long password".toCharArray());

        UserStore reopened = open();
        assertThat(reopened.users()).containsExactly(new User("alice", "admin"), new User("olga", "operator"));
        assertThat(reopened.authenticate("alice", PASSWORD)).contains(new User("alice", "admin"));
        assertThat(reopened.authenticate("olga", PASSWORD)).isEmpty();
        assertThat(reopened.authenticate("nobody", PASSWORD)).isEmpty();
        assertThat(reopened.authenticate(null, null)).isEmpty();
        assertThat(Files.readString(file(), StandardCharsets.UTF_8)).doesNotContain(new String(PASSWORD))
                .contains("alice\tadmin\tpbkdf2-sha256");
    }

    @Test
    void theFileIsOwnerOnly() throws IOException {
        assumeTrue(home.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        open().add("alice", "admin", PASSWORD);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    @Test
    void refusesBadNamesRolesPasswordsAndDuplicatesNamingTheField() throws IOException {
        UserStore store = open();
        store.add("alice", "admin", PASSWORD);

        assertThatThrownBy(() -> store.add("bad name", "admin", PASSWORD)).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> store.add("x\tadmin", "admin", PASSWORD)).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> store.add("bob", "root", PASSWORD)).hasMessageStartingWith("role:");
        assertThatThrownBy(() -> store.add("bob", "operator", "short".toCharArray()))
                .hasMessageStartingWith("password:");
        assertThatThrownBy(() -> store.add("alice", "operator", PASSWORD)).hasMessageContaining("exists already");
        assertThat(open().users()).containsExactly(new User("alice", "admin"));
    }

    @Test
    void theLastAdminCannotBeRemovedOthersCan() throws IOException {
        UserStore store = open();
        store.add("alice", "admin", PASSWORD);
        store.add("olga", "operator", PASSWORD);

        assertThatThrownBy(() -> store.remove("alice")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("last admin");
        assertThat(store.remove("olga")).isTrue();
        assertThat(store.remove("olga")).isFalse();
        store.add("bob", "admin", PASSWORD);
        assertThat(store.remove("alice")).isTrue();
        assertThat(open().users()).containsExactly(new User("bob", "admin"));
    }

    @Test
    void changesAPassword() throws IOException {
        UserStore store = open();
        store.add("alice", "admin", PASSWORD);
        char[] next = "a brand new password".toCharArray();

        assertThat(store.setPassword("alice", next)).isTrue();
        assertThat(store.setPassword("nobody", next)).isFalse();
        assertThat(open().authenticate("alice", next)).isPresent();
        assertThat(open().authenticate("alice", PASSWORD)).isEmpty();
    }

    @Test
    void aMalformedFileIsRefusedNamingTheLine() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "alice\tadmin\tpbkdf2-sha256$1000$x$y\nbob\troot\th\n");

        assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }
}
