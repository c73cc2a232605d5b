package org.edgeway.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files given locally (console uploads): telling packages from bundle jars, and installing a bundle jar alone. */
class LocalFileTest {

    @TempDir
    Path dir;

    @Test
    void aPackageIsNamedByItsManifestAndABundleJarBySymbolicNameAndVersion() throws Exception {
        Path bundle = TestBundles.bundle(dir, "org.example.hello", "1.2.0");
        Path pkg = Files.write(dir.resolve("meters.zip"),
                TestBundles.pkg("meters", "2.0.0", List.of(bundle), TestBundles.ed25519()));

        assertThat(LocalFile.inspect(pkg)).isEqualTo(new LocalFile("meters", "2.0.0", false));
        assertThat(LocalFile.inspect(bundle)).isEqualTo(new LocalFile("org.example.hello", "1.2.0", true));
    }

    @Test
    void refusesTextZipsWithoutManifestAndJarsThatAreNotBundles() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello", StandardCharsets.UTF_8);
        Path zip = dir.resolve("plain.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("x.txt"));
        }

        assertThatThrownBy(() -> LocalFile.inspect(text)).isInstanceOf(PackageException.class)
                .hasMessageContaining("not a zip or jar file");
        assertThatThrownBy(() -> LocalFile.inspect(zip)).isInstanceOf(PackageException.class)
                .hasMessageContaining("neither a deployment package").hasMessageContaining("Bundle-SymbolicName");
    }

    @Test
    void aLocalBundleBecomesAOneBundlePackageSignedByItsOwner() throws Exception {
        Path bundle = TestBundles.bundle(dir, "org.example.hello", "1.2.0");
        Path target = dir.resolve("staging");
        PackageVerifier verifier = new PackageVerifier(List.of(), false, 1_000_000);

        PackageVerifier.VerifiedPackage verified = verifier.verifyLocalBundle(bundle, target, "local:web:admin");

        assertThat(verified.name()).isEqualTo("org.example.hello");
        assertThat(verified.version()).isEqualTo("1.2.0");
        assertThat(verified.signer()).isEqualTo("local:web:admin");
        assertThat(verified.bundles()).singleElement().satisfies(b -> {
            assertThat(b.symbolicName()).isEqualTo("org.example.hello");
            assertThat(b.file()).hasParent(target).hasSameBinaryContentAs(bundle);
        });
        assertThatThrownBy(() -> new PackageVerifier(List.of(), false, 10)
                .verifyLocalBundle(bundle, dir.resolve("other"), "local:x"))
                .hasMessageContaining("more than the limit of 10 bytes");
    }
}
