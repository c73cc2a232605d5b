package org.edgeway.deploy.internal;

import java.util.regex.Pattern;

/**
 * The edgeway deployment package: a zip holding
 * <ul>
 * <li>{@code edgeway-package.properties}, the manifest: {@code package.name}, {@code package.version} and for each
 * bundle {@code bundle.N=bundles/FILE.jar} and {@code bundle.N.sha256=HEX} (N from 0, without gaps);</li>
 * <li>{@code edgeway-package.sig}, the detached signature: base64 of an Ed25519 or SHA256withECDSA signature over the
 * exact bytes of the manifest, which binds every bundle through its SHA-256;</li>
 * <li>{@code bundles/*.jar}, the bundles, each listed in the manifest.</li>
 * </ul>
 * Nothing else is allowed.
 */
final class PackageFormat {

    static final String MANIFEST = "edgeway-package.properties";
    static final String SIGNATURE = "edgeway-package.sig";
    static final String BUNDLE_DIR = "bundles/";
    static final String NAME = "package.name";
    static final String VERSION = "package.version";
    /** Package names and versions, and bundle file names: they become file names and locations. */
    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    private PackageFormat() {
    }

    static String requireSafe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(what + " '" + value + "' is invalid: use 1 to 128 letters, digits, "
                    + "'.', '_', '+' or '-', starting with a letter or digit, without '..'");
        }
        return value;
    }
}
