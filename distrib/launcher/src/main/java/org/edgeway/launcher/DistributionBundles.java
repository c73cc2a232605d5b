package org.edgeway.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Makes the bundle cache match {@code INSTALL/bundle}: installs new jars, updates changed ones, uninstalls the bundles
 * of removed jars, assigns start levels and marks every non-fragment bundle to be started. Bundles installed from
 * elsewhere (e.g. {@code deploy/}) are left alone. Runs between {@code init()} and {@code start()}, so nothing is
 * resolved or started yet and no refresh is needed.
 */
final class DistributionBundles {

    private DistributionBundles() {
    }

    static void synchronize(BundleContext context, Path bundleDir, StartLevels startLevels) throws LaunchException {
        List<Path> jars = listJars(bundleDir);
        Set<String> locations = new HashSet<>();
        jars.forEach(jar -> locations.add(location(jar)));
        // uninstall first: a renamed jar with the same symbolic name and version would otherwise clash
        String locationPrefix = location(bundleDir) + bundleDir.getFileSystem().getSeparator();
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (location.startsWith(locationPrefix) && !locations.contains(location)) {
                uninstall(bundle);
            }
        }
        for (Path jar : jars) {
            Bundle bundle = installOrUpdate(context, jar);
            bundle.adapt(BundleStartLevel.class).setStartLevel(startLevels.levelOf(bundle.getSymbolicName()));
            if (!isFragment(bundle)) {
                start(bundle, jar);
            }
        }
    }

    /** The {@code *.jar} files, sorted by name. */
    static List<Path> listJars(Path bundleDir) throws LaunchException {
        if (!Files.isDirectory(bundleDir)) {
            throw LaunchException.badInput("bundle directory " + bundleDir + " does not exist; is "
                    + InstanceHome.INSTALL_PROPERTY + " right?");
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(bundleDir, "*.jar")) {
            stream.forEach(jars::add);
        } catch (IOException e) {
            throw LaunchException.badInput("cannot list bundle directory " + bundleDir + ": " + Reasons.of(e));
        }
        jars.sort(null);
        return jars;
    }

    static String location(Path file) {
        return "file:" + file.toAbsolutePath().normalize();
    }

    private static Bundle installOrUpdate(BundleContext context, Path jar) throws LaunchException {
        String location = location(jar);
        Bundle cached = context.getBundle(location);
        try {
            if (cached == null) {
                try (InputStream content = Files.newInputStream(jar)) {
                    return context.installBundle(location, content);
                }
            }
            if (Files.getLastModifiedTime(jar).toMillis() > cached.getLastModified()) {
                try (InputStream content = Files.newInputStream(jar)) {
                    cached.update(content);
                }
            }
            return cached;
        } catch (BundleException | IOException | RuntimeException e) {
            // the distribution itself is broken: fatal, unlike a bad jar in deploy/
            throw LaunchException.badInput("cannot install bundle " + jar + ": " + Reasons.of(e));
        }
    }

    private static void start(Bundle bundle, Path jar) throws LaunchException {
        try {
            // the framework is not started yet: this only marks the bundle to start when its start level is reached
            bundle.start();
        } catch (BundleException e) {
            throw LaunchException.badInput("cannot start bundle " + jar + ": " + Reasons.of(e));
        }
    }

    private static void uninstall(Bundle bundle) throws LaunchException {
        try {
            bundle.uninstall();
        } catch (BundleException e) {
            throw new LaunchException(ExitCode.UNEXPECTED,
                    "cannot uninstall bundle " + bundle.getLocation() + " whose jar was removed: " + Reasons.of(e));
        }
    }

    private static boolean isFragment(Bundle bundle) {
        // raw headers: no need to resolve or localize
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }
}
