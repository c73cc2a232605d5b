package org.edgeway.api.management;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A request to download (and by default install) a deployment package.
 *
 * @param uri     where to download it from, {@code http} or {@code https}
 * @param name    the package name, which must match the package's manifest
 * @param version the package version, which must match the package's manifest
 * @param hash    {@code ALGORITHM:HEX} (e.g. {@code SHA-256:9f86...}) of the downloaded file, or null for none
 * @param timeout how long the download may receive nothing before it fails, or null for the default
 * @param resume  whether a partial download of the same package left by a failed attempt is resumed
 * @param install whether the package is installed once downloaded
 * @param jobId   the caller's job id, reported back in every status
 * @param owner   an opaque tag of the caller, reported back in every status; may be null
 */
public record DeployRequest(URI uri, String name, String version, String hash, Duration timeout, boolean resume,
        boolean install, String jobId, String owner) {

    /** Checks that the required fields are present. */
    public DeployRequest {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(jobId, "jobId");
    }
}
