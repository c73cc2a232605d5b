package org.edgeway.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageCommandsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PackageCommands.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void keygenBuildAndVerifyWithBothKeyTypes() throws Exception {
        Path bundle = TestBundles.bundle(dir, "org.example.a", "1.0.0");
        for (String type : new String[] {"ed25519", "ec"}) {
            Path keys = dir.resolve("keys-" + type);
            assertThat(run("keygen", "--type", type, "--out", keys.toString())).as(err.toString()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("private.pem"))))
                    .isEqualTo("rw-------");
            Path pkg = dir.resolve("pkg-" + type + ".zip");
            assertThat(run("build", "--name", "meters", "--version", "1.0.0", "--key",
                    keys.resolve("private.pem").toString(), "-o", pkg.toString(), bundle.toString()))
                    .as(err.toString()).isZero();
            assertThat(run("verify", "--key", keys.resolve("public.pem").toString(), pkg.toString()))
                    .as(err.toString()).isZero();
            assertThat(out.toString()).contains("meters 1.0.0 signed by SHA-256:").contains("org.example.a 1.0.0");
        }
        // the other type's key does not verify
        assertThat(run("verify", "--key", dir.resolve("keys-ec/public.pem").toString(),
                dir.resolve("pkg-ed25519.zip").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("does not verify");
        assertThat(run("keygen", "--out", dir.resolve("keys-ec").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("not overwriting");
        assertThat(run("build", "--name", "x")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
    }
}
