package org.edgeway.api.management;

import java.util.List;

/**
 * An installed deployment package.
 *
 * @param name    the package name
 * @param version the package version
 * @param signer  a fingerprint of the public key that verified the signature ({@code SHA-256:hex}), or
 *                {@code unsigned} if unsigned packages were allowed
 * @param bundles its bundles
 */
public record PackageInfo(String name, String version, String signer, List<BundleInfo> bundles) {

    /** Copies the bundles. */
    public PackageInfo {
        bundles = List.copyOf(bundles);
    }
}
