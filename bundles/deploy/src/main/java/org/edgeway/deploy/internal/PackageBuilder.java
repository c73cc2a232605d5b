package org.edgeway.deploy.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds and signs a package (see {@link PackageFormat}); used by {@code edgeway-package build} and by tests. */
final class PackageBuilder {

    private PackageBuilder() {
    }

    /** The manifest's exact bytes for these bundles, in order. */
    static byte[] manifest(String name, String version, List<Path> bundles) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# edgeway deployment package\n");
        text.append(PackageFormat.NAME).append('=').append(PackageFormat.requireSafe("package name", name)).append('\n');
        text.append(PackageFormat.VERSION).append('=').append(PackageFormat.requireSafe("package version", version))
                .append('\n');
        Set<String> fileNames = new HashSet<>();
        for (int i = 0; i < bundles.size(); i++) {
            Path bundle = bundles.get(i);
            String fileName = PackageFormat.requireSafe("bundle file name", bundle.getFileName().toString());
            if (!fileName.endsWith(".jar")) {
                throw new IllegalArgumentException("bundle " + bundle + " is not a .jar file");
            }
            if (!fileNames.add(fileName)) {
                throw new IllegalArgumentException("two bundles are named " + fileName);
            }
            requireBundle(bundle);
            text.append("bundle.").append(i).append('=').append(PackageFormat.BUNDLE_DIR).append(fileName).append('\n');
            text.append("bundle.").append(i).append(".sha256=")
                    .append(HexFormat.of().formatHex(Keys.sha256(Files.readAllBytes(bundle)))).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void requireBundle(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null
                    || file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                throw new IllegalArgumentException(jar + " is not an OSGi bundle: its manifest has no "
                        + "Bundle-SymbolicName");
            }
        }
    }

    /**
     * Writes the package.
     *
     * @param key the signing key, or null for an unsigned package (refused by gateways unless allowed)
     */
    static void build(String name, String version, List<Path> bundles, PrivateKey key, OutputStream out)
            throws IOException, GeneralSecurityException {
        if (bundles.isEmpty()) {
            throw new IllegalArgumentException("a package needs at least one bundle");
        }
        byte[] manifest = manifest(name, version, bundles);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, PackageFormat.MANIFEST, manifest);
            if (key != null) {
                put(zip, PackageFormat.SIGNATURE, (Base64.getEncoder().encodeToString(Keys.sign(key, manifest)) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            for (Path bundle : bundles) {
                put(zip, PackageFormat.BUNDLE_DIR + bundle.getFileName(), Files.readAllBytes(bundle));
            }
        }
    }

    static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
