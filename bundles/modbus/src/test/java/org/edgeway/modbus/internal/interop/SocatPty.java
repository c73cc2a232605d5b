package org.edgeway.modbus.internal.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A connected pair of pseudo-terminals from {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}: what
 * one side writes, the other reads, like two ends of a serial cable. The links live in a fresh directory under
 * {@code target/interop}. Tests are skipped when socat is not installed.
 */
public final class SocatPty implements AutoCloseable {

    private final PeerProcess process;
    private final Path directory;
    private final Path a;
    private final Path b;

    private SocatPty(PeerProcess process, Path directory, Path a, Path b) {
        this.process = process;
        this.directory = directory;
        this.a = a;
        this.b = b;
    }

    /** Starts socat and waits until both links exist and it is transferring data. */
    public static SocatPty open() {
        assumeAvailable();
        Path directory;
        try {
            directory = Files.createTempDirectory(
                    Files.createDirectories(PeerProcess.targetDirectory().resolve("interop")), "pty-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path a = directory.resolve("a");
        Path b = directory.resolve("b");
        PeerProcess process = PeerProcess.start("socat", List.of("socat", "-d", "-d",
                        "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b), Map.of(),
                line -> line.contains("starting data transfer loop"), Duration.ofSeconds(10));
        if (!Files.exists(a) || !Files.exists(b)) {
            process.close();
            throw new IllegalStateException("socat did not create " + a + " and " + b + ":\n" + process.output());
        }
        return new SocatPty(process, directory, a, b);
    }

    /** One end (a symbolic link to a /dev/pts device). */
    public Path a() {
        return a;
    }

    /** The other end. */
    public Path b() {
        return b;
    }

    @Override
    public void close() {
        process.close();
        try {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // leftovers in target/ are harmless
        }
    }

    /** Skips the calling test unless socat is installed. */
    public static void assumeAvailable() {
        assumeTrue(PeerProcess.executable("socat").isPresent(),
                "socat is not installed: apt-get install socat (serial RTU tests skipped)");
    }
}
