package org.edgeway.web.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {

    @TempDir
    Path home;

    @Test
    void writesAndReplacesWithoutLeavingTemporaryFiles() throws IOException {
        Path file = home.resolve("a/b/secret");

        SecureFiles.writeAtomically(file, "first\n");
        SecureFiles.writeAtomically(file, "second\n");

        assertThat(file).hasContent("second");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void leavesTheOldContentWhenTheWriteFails() throws IOException {
        Path file = home.resolve("secret");
        SecureFiles.writeAtomically(file, "old\n");
        // a directory where the target is: the rename fails after the temporary file was written
        Path blocked = home.resolve("blocked");
        Files.createDirectories(blocked.resolve("inside"));

        assertThatThrownBy(() -> SecureFiles.writeAtomically(blocked, "new\n")).isInstanceOf(IOException.class);

        assertThat(file).hasContent("old");
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files).containsExactlyInAnyOrder(file, blocked);
        }
    }

    @Test
    void deletesATree() throws IOException {
        Path tree = home.resolve("tree");
        Files.createDirectories(tree.resolve("x/y"));
        Files.writeString(tree.resolve("x/y/file"), "content");
        Files.writeString(tree.resolve("top"), "content");

        SecureFiles.deleteRecursively(tree);
        SecureFiles.deleteRecursively(tree);

        assertThat(tree).doesNotExist();
    }
}
