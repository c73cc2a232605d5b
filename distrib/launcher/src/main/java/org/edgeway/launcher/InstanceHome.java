package org.edgeway.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where an instance keeps its state ({@code dir}: {@code etc/}, {@code deploy/}, {@code var/}) and the installed
 * distribution it runs ({@code install}: {@code lib/}, {@code bundle/}, default {@code etc/}). Both paths are
 * absolute; by default they are the same directory.
 */
record InstanceHome(Path dir, Path install) {

    static final String HOME_VARIABLE = "EDGEWAY_HOME";
    static final String INSTALL_PROPERTY = "edgeway.install";

    InstanceHome {
        dir = dir.toAbsolutePath().normalize();
        install = install.toAbsolutePath().normalize();
    }

    /** {@code --home}, else a non-empty {@code EDGEWAY_HOME}, else the installation itself. */
    static InstanceHome resolve(Optional<Path> homeOption, Map<String, String> environment, Path install) {
        String fromEnvironment = environment.get(HOME_VARIABLE);
        Path dir = homeOption.orElseGet(() -> fromEnvironment == null || fromEnvironment.isEmpty()
                ? install
                : Path.of(fromEnvironment));
        return new InstanceHome(dir, install);
    }

    /**
     * The installation: system property {@code edgeway.install} (set by {@code bin/edgeway}), else the parent of the
     * directory holding the launcher jar ({@code INSTALL/lib/launcher.jar}).
     */
    static Path locateInstall(Properties systemProperties) {
        String configured = systemProperties.getProperty(INSTALL_PROPERTY);
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured);
        }
        try {
            Path launcherJar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return launcherJar.toAbsolutePath().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the installation; set -D" + INSTALL_PROPERTY, e);
        }
    }

    Path etc() {
        return dir.resolve("etc");
    }

    Path deploy() {
        return dir.resolve("deploy");
    }

    Path var() {
        return dir.resolve("var");
    }

    /** The Felix bundle cache. */
    Path cache() {
        return var().resolve("cache");
    }

    /** The Configuration Admin store. */
    Path configStore() {
        return var().resolve("config");
    }

    Path lockFile() {
        return var().resolve("edgeway.lock");
    }

    Path configProperties() {
        return etc().resolve("config.properties");
    }

    /** The bundles of the distribution. */
    Path installedBundles() {
        return install.resolve("bundle");
    }

    Path installedEtc() {
        return install.resolve("etc");
    }

    /** Creates {@code var/} and its subdirectories and proves that we can write there. */
    void ensureWritable() throws LaunchException {
        try {
            for (Path directory : List.of(cache(), configStore(), var().resolve("log"), var().resolve("data"))) {
                Files.createDirectories(directory);
            }
            Path probe = Files.createTempFile(var(), ".write-probe", null);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw notWritable(e);
        }
    }

    /**
     * Creates {@code deploy/} and, for a new home, {@code etc/} as a copy of the installation's default configuration.
     * Call it while holding the {@link HomeLock}, so two first starts cannot seed at the same time.
     */
    void ensureConfiguration() throws LaunchException {
        try {
            Files.createDirectories(deploy());
            if (Files.isDirectory(etc())) {
                return;
            }
            if (Files.isDirectory(installedEtc())) {
                seedEtc();
            } else {
                Files.createDirectories(etc());
            }
        } catch (IOException | SecurityException e) {
            throw notWritable(e);
        }
    }

    /** Copies into a temporary directory first and renames it, so that a failed copy never leaves a partial etc/. */
    private void seedEtc() throws IOException {
        Path staging = Files.createTempDirectory(dir, ".etc-seed");
        try {
            copyTree(installedEtc(), staging);
            Files.move(staging, etc(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // best effort: a leftover hidden staging directory is harmless
        }
    }

    private LaunchException notWritable(Exception cause) {
        return LaunchException.badInput("home directory '" + dir + "' is not writable: " + Reasons.of(cause));
    }
}
