package org.edgeway.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

/**
 * What a file given locally (a console upload) is: a deployment package, named by its manifest, or a single OSGi
 * bundle jar, named by its symbolic name and version. Only a first look to name the job; the package is verified in
 * full by {@link PackageVerifier} when it is installed.
 *
 * @param name    the package name (for a bundle jar: its symbolic name)
 * @param version the package version (for a bundle jar: its version)
 * @param bundle  whether the file is a bundle jar rather than a package
 */
record LocalFile(String name, String version, boolean bundle) {

    static LocalFile inspect(Path file) throws PackageException, IOException {
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            ZipEntry packageManifest = jar.getEntry(PackageFormat.MANIFEST);
            if (packageManifest != null) {
                Properties properties = new Properties();
                try (InputStream in = jar.getInputStream(packageManifest)) {
                    // a manifest is a few lines: a bounded read keeps a hostile entry from filling memory
                    properties.load(new java.io.StringReader(new String(in.readNBytes(64 * 1024),
                            StandardCharsets.UTF_8)));
                }
                return new LocalFile(required(properties.getProperty(PackageFormat.NAME), PackageFormat.NAME),
                        required(properties.getProperty(PackageFormat.VERSION), PackageFormat.VERSION), false);
            }
            Manifest manifest = jar.getManifest();
            Attributes main = manifest == null ? null : manifest.getMainAttributes();
            String symbolicName = main == null ? null : main.getValue("Bundle-SymbolicName");
            if (symbolicName == null || symbolicName.isBlank()) {
                throw new PackageException("the file is neither a deployment package (no " + PackageFormat.MANIFEST
                        + ") nor an OSGi bundle (no Bundle-SymbolicName in META-INF/MANIFEST.MF)");
            }
            String version = main.getValue("Bundle-Version");
            return new LocalFile(symbolicName.split(";")[0].strip(), version == null ? "0.0.0" : version.strip(), true);
        } catch (ZipException e) {
            throw new PackageException("the file is neither a deployment package nor an OSGi bundle: it is not a zip "
                    + "or jar file");
        }
    }

    private static String required(String value, String key) throws PackageException {
        if (value == null || value.isBlank()) {
            throw new PackageException("the package manifest has no " + key);
        }
        return value.strip();
    }
}
