package org.edgeway.api.management;

/**
 * A bundle of the framework.
 *
 * @param id           the bundle id, or -1 for a bundle of a package that is not installed in the framework
 * @param symbolicName its symbolic name
 * @param version      its version
 * @param state        {@code INSTALLED}, {@code RESOLVED}, {@code STARTING}, {@code STOPPING}, {@code ACTIVE} or
 *                     {@code UNINSTALLED}
 */
public record BundleInfo(long id, String symbolicName, String version, String state) {
}
