package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    @TempDir
    Path home;

    @Test
    void roundTripsAndEachEncryptionDiffers() throws Exception {
        SecretBox box = SecretBox.loadOrCreate(home.resolve("var/security/config.key"));
        String a = box.encrypt("s3cret");
        String b = box.encrypt("s3cret");
        assertThat(a).startsWith("{enc}").isNotEqualTo(b).doesNotContain("s3cret");
        assertThat(box.decrypt(a)).isEqualTo("s3cret");
        assertThat(box.decrypt("left in clear")).isEqualTo("left in clear");
    }

    @Test
    void keyFileIsOwnerOnlyAndReusedOnTheNextStart() throws Exception {
        Path key = home.resolve("var/security/config.key");
        String encrypted = SecretBox.loadOrCreate(key).encrypt("x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent()))).isEqualTo("rwx------");
        assertThat(SecretBox.loadOrCreate(key).decrypt(encrypted)).isEqualTo("x");
        try (var files = Files.list(key.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("config.key");
        }
    }

    @Test
    void concurrentFirstStartsAgreeOnOneKey() throws Exception {
        Path key = home.resolve("config.key");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SecretBox>> boxes = pool.invokeAll(Collections.nCopies(8, () -> SecretBox.loadOrCreate(key)));
            String encrypted = boxes.get(0).get().encrypt("same");
            for (Future<SecretBox> box : boxes) {
                assertThat(box.get().decrypt(encrypted)).isEqualTo("same");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherKeyOrTamperingIsRefusedWithoutShowingTheValue() throws Exception {
        SecretBox ours = SecretBox.loadOrCreate(home.resolve("a.key"));
        SecretBox theirs = SecretBox.loadOrCreate(home.resolve("b.key"));
        String encrypted = theirs.encrypt("their-secret");
        assertThatThrownBy(() -> ours.decrypt(encrypted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("their-secret").hasMessageNotContaining(encrypted);
        String tampered = encrypted.substring(0, encrypted.length() - 3) + (encrypted.endsWith("AAA") ? "BBB" : "AAA");
        assertThatThrownBy(() -> theirs.decrypt(tampered)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ours.decrypt("{enc}not base64!")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCorruptKeyFileIsAnError() throws Exception {
        Path key = home.resolve("config.key");
        Files.writeString(key, "dG9vIHNob3J0");
        assertThatThrownBy(() -> SecretBox.loadOrCreate(key)).hasMessageContaining("256-bit");
    }

    @Test
    void thePluginDecryptsEveryShapeForComponents() throws Exception {
        SecretBox box = SecretBox.loadOrCreate(home.resolve("config.key"));
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("password", box.encrypt("p"));
        properties.put("tokens", new String[] {box.encrypt("t1"), "clear"});
        properties.put("list", List.of(box.encrypt("l1")));
        properties.put("port", 1883);
        properties.replaceAll((k, v) -> box.decryptValue(v));
        assertThat(properties.get("password")).isEqualTo("p");
        assertThat((String[]) properties.get("tokens")).containsExactly("t1", "clear");
        assertThat(properties.get("list")).isEqualTo(List.of("l1"));
        assertThat(properties.get("port")).isEqualTo(1883);
    }
}
