package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployGuardTest {

    @TempDir
    Path dir;

    @Test
    void explainsWhyAJarIsNotABundle() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.jar"), "not a zip");
        Path plain = jar("plain.jar", null);
        Path noManifest = dir.resolve("empty.jar");
        try (OutputStream out = Files.newOutputStream(noManifest); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
        }

        assertThat(DeployGuard.whyNotABundle(garbage.toFile())).startsWith("the file cannot be read as a jar");
        assertThat(DeployGuard.whyNotABundle(plain.toFile())).contains("no Bundle-SymbolicName");
        assertThat(DeployGuard.whyNotABundle(noManifest.toFile())).contains("no META-INF/MANIFEST.MF");
    }

    @Test
    void handlesOnlyJars() {
        DeployGuard guard = new DeployGuard();

        assertThat(guard.canHandle(dir.resolve("x.jar").toFile())).isTrue();
        assertThat(guard.canHandle(dir.resolve("x.cfg").toFile())).isFalse();
    }

    private Path jar(String name, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path path = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return path;
    }
}
