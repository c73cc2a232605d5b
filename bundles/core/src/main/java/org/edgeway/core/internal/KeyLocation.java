package org.edgeway.core.internal;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** Where the core bundle keeps its state: under the instance home, or in its bundle data area without one. */
final class KeyLocation {

    private KeyLocation() {
    }

    /** {@code HOME/var/security/config.key}. */
    static Path keyFile(BundleContext context) {
        return varDirectory(context).resolve("security").resolve("config.key");
    }

    /** {@code HOME/var/snapshots}. */
    static Path snapshotDirectory(BundleContext context) {
        return varDirectory(context).resolve("snapshots");
    }

    private static Path varDirectory(BundleContext context) {
        String home = context.getProperty("edgeway.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "var");
        }
        return context.getDataFile("").toPath();
    }
}
