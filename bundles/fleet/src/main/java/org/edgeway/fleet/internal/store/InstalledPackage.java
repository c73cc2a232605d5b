package org.edgeway.fleet.internal.store;

/** A deployment package installed on a gateway. */
public record InstalledPackage(String name, String version) {

    /** Validates. */
    public InstalledPackage {
        Check.id("package name", name);
        Check.text("package version", version, Check.MAX_ID);
    }
}
