package org.edgeway.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageVerifierTest {

    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws Exception {
        Path file = Files.createTempFile(dir, "pkg", ".zip");
        Files.write(file, bytes);
        return file;
    }

    private PackageVerifier verifier(KeyPair... trusted) {
        return new PackageVerifier(java.util.Arrays.stream(trusted).map(KeyPair::getPublic).toList(), false, 1_000_000);
    }

    @Test
    void acceptsEd25519AndEcdsaSignedPackagesAndUnpacksTheirBundles() throws Exception {
        Path a = TestBundles.bundle(dir, "org.example.a", "1.0.0");
        Path b = TestBundles.bundle(dir, "org.example.b", "2.1.0");
        for (KeyPair key : List.of(TestBundles.ed25519(), TestBundles.ecdsa())) {
            Path target = Files.createTempDirectory(dir, "out");
            PackageVerifier.VerifiedPackage verified = verifier(TestBundles.ecdsa(), key)
                    .verify(write(TestBundles.pkg("meters", "1.2.0", List.of(a, b), key)), target);
            assertThat(verified.name()).isEqualTo("meters");
            assertThat(verified.version()).isEqualTo("1.2.0");
            assertThat(verified.signer()).isEqualTo(Keys.fingerprint(key.getPublic()));
            assertThat(verified.bundles()).extracting(PackageVerifier.VerifiedBundle::symbolicName)
                    .containsExactly("org.example.a", "org.example.b");
            assertThat(Files.readAllBytes(verified.bundles().get(0).file())).isEqualTo(Files.readAllBytes(a));
        }
    }

    @Test
    void refusesAWrongKeyAMissingSignatureAndNoTrustedKeys() throws Exception {
        Path a = TestBundles.bundle(dir, "org.example.a", "1.0.0");
        KeyPair signer = TestBundles.ed25519();
        Path signed = write(TestBundles.pkg("meters", "1.0.0", List.of(a), signer));
        assertThatThrownBy(() -> verifier(TestBundles.ed25519()).verify(signed, dir.resolve("x")))
                .isInstanceOf(PackageException.class).hasMessageContaining("does not verify with any of the 1 trusted keys");
        assertThatThrownBy(() -> verifier().verify(signed, dir.resolve("x")))
                .hasMessageContaining("no trusted keys are configured");
        Path unsigned = write(TestBundles.pkg("meters", "1.0.0", List.of(a), null));
        assertThatThrownBy(() -> verifier(signer).verify(unsigned, dir.resolve("x")))
                .hasMessageContaining("package is unsigned").hasMessageContaining("allow.unsigned=false");
        assertThat(new PackageVerifier(List.of(), true, 1_000_000).verify(unsigned, dir.resolve("y")).signer())
                .isEqualTo("unsigned");
    }

    @Test
    void refusesTamperedBundlesAndTamperedManifests() throws Exception {
        Path a = TestBundles.bundle(dir, "org.example.a", "1.0.0");
        KeyPair key = TestBundles.ed25519();
        byte[] good = TestBundles.pkg("meters", "1.0.0", List.of(a), key);
        byte[] otherBundle = Files.readAllBytes(TestBundles.bundle(Files.createTempDirectory(dir, "o"), "org.example.a",
                "6.6.6"));
        Path tamperedBundle = write(rewrite(good, "bundles/org.example.a-1.0.0.jar", otherBundle));
        assertThatThrownBy(() -> verifier(key).verify(tamperedBundle, dir.resolve("x")))
                .hasMessageContaining("bundles/org.example.a-1.0.0.jar was tampered with");
        Path tamperedManifest = write(rewrite(good, PackageFormat.MANIFEST,
                new String(entry(good, PackageFormat.MANIFEST)).replace("1.0.0", "9.0.0").getBytes()));
        assertThatThrownBy(() -> verifier(key).verify(tamperedManifest, dir.resolve("x")))
                .hasMessageContaining("does not verify");
    }

    @Test
    void refusesPathTraversalNonBundleEntriesAndUnlistedBundles() throws Exception {
        Path a = TestBundles.bundle(dir, "org.example.a", "1.0.0");
        KeyPair key = TestBundles.ed25519();
        byte[] good = TestBundles.pkg("meters", "1.0.0", List.of(a), key);
        assertThatThrownBy(() -> verifier(key).verify(write(add(good, "bundles/../../etc/evil.jar", new byte[1])),
                dir.resolve("x"))).hasMessageContaining("path traversal");
        assertThatThrownBy(() -> verifier(key).verify(write(add(good, "/abs.jar", new byte[1])), dir.resolve("x")))
                .hasMessageContaining("path traversal");
        assertThatThrownBy(() -> verifier(key).verify(write(add(good, "README.txt", new byte[1])), dir.resolve("x")))
                .hasMessageContaining("entry README.txt is not a bundle");
        assertThatThrownBy(() -> verifier(key).verify(write(add(good, "bundles/extra.jar", new byte[1])),
                dir.resolve("x"))).hasMessageContaining("not listed in the signed manifest");
        assertThatThrownBy(() -> verifier(key).verify(write("not a zip".getBytes()), dir.resolve("x")))
                .hasMessageContaining("not a valid zip");
    }

    @Test
    void refusesOversizedPackagesAndZipBombs() throws Exception {
        Path big = dir.resolve("big.jar");
        Files.copy(TestBundles.bundle(dir, "org.example.big", "1.0.0"), big);
        // a jar padded with a large, well-compressible entry
        byte[] padded;
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                ZipOutputStream zip = new ZipOutputStream(out)) {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(big))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(zip);
                }
            }
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            zip.write(new byte[3_000_000]);
            zip.finish();
            padded = out.toByteArray();
        }
        Files.write(big, padded);
        KeyPair key = TestBundles.ed25519();
        Path file = write(TestBundles.pkg("meters", "1.0.0", List.of(big), key));
        assertThatThrownBy(() -> new PackageVerifier(List.of(key.getPublic()), false, Files.size(file))
                .verify(file, dir.resolve("x"))).hasMessageContaining("unpacks to more than the limit");
        assertThatThrownBy(() -> new PackageVerifier(List.of(key.getPublic()), false, 100).verify(file, dir.resolve("y")))
                .hasMessageContaining("more than the limit of 100 bytes");
    }

    @Test
    void refusesJarsThatAreNotBundles() throws Exception {
        Path plain = dir.resolve("plain.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(plain))) {
            zip.putNextEntry(new ZipEntry("x.txt"));
        }
        assertThatThrownBy(() -> PackageBuilder.manifest("n", "1", List.of(plain)))
                .hasMessageContaining("not an OSGi bundle");
        assertThatThrownBy(() -> PackageBuilder.manifest("../n", "1", List.of()))
                .hasMessageContaining("package name '../n' is invalid");
    }

    static byte[] entry(byte[] zipBytes, String name) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + name);
    }

    /** The zip with one entry's content replaced. */
    static byte[] rewrite(byte[] zipBytes, String name, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(e.getName().equals(name) ? content : in.readAllBytes());
            }
        }
        return out.toByteArray();
    }

    static byte[] add(byte[] zipBytes, String name, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(in.readAllBytes());
            }
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
        }
        return out.toByteArray();
    }
}
