package org.edgeway.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes minimal bundle jars: a manifest and nothing else. */
final class TestJars {

    private TestJars() {
    }

    static Path bundle(Path file, String symbolicName, String version) throws IOException {
        return jar(file, Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", symbolicName,
                "Bundle-Version", version));
    }

    static Path fragment(Path file, String symbolicName, String host) throws IOException {
        return jar(file, Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", symbolicName,
                "Fragment-Host", host));
    }

    static Path jar(Path file, Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            // the manifest is all we need
        }
        return file;
    }
}
