package org.edgeway.hotspot.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostapdConfigWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesAtomicallyWithOwnerOnlyPermissions() throws IOException {
        Path target = dir.resolve("etc/hostapd.conf");
        HostapdConfigWriter writer = new HostapdConfigWriter(target);
        HostapdConfig config = HostapdConfigTest.wpa2(HostapdConfigTest.SECRET);

        assertThat(writer.write(config)).isTrue();

        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(HostapdConfigWriter.render(config));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target); // no temporary file left behind
        }
    }

    @Test
    void doesNotWriteWhenUnchanged() throws IOException {
        Path target = dir.resolve("hostapd.conf");
        HostapdConfigWriter writer = new HostapdConfigWriter(target);
        HostapdConfig config = HostapdConfigTest.open("Bus");
        assertThat(writer.write(config)).isTrue();
        FileTime marker = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(target, marker);
        Object fileKey = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        assertThat(writer.write(HostapdConfigTest.open("Bus"))).isFalse();

        assertThat(Files.getLastModifiedTime(target)).isEqualTo(marker);
        assertThat(Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(fileKey);
    }

    @Test
    void replacesTheFileWhenChanged() throws IOException {
        Path target = dir.resolve("hostapd.conf");
        HostapdConfigWriter writer = new HostapdConfigWriter(target);
        assertThat(writer.write(HostapdConfigTest.open("Bus"))).isTrue();

        assertThat(writer.write(HostapdConfigTest.open("Tram"))).isTrue();

        assertThat(Files.readString(target)).contains("\nssid=Tram\n").doesNotContain("ssid=Bus");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }

    @Test
    void tightensPermissionsOfAnUnchangedFile() throws IOException {
        Path target = dir.resolve("hostapd.conf");
        HostapdConfig config = HostapdConfigTest.wpa2(HostapdConfigTest.SECRET);
        Files.writeString(target, HostapdConfigWriter.render(config));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(new HostapdConfigWriter(target).write(config)).isFalse();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }
}
