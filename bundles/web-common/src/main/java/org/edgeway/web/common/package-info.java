/**
 * What every edgeway console shares: the HTTP server's settings ({@link org.edgeway.web.common.HttpEndpoint}), JSON
 * request bodies and client errors, security headers and the static UI servlet (which also serves the shared client
 * library and style sheet under {@code common/}).
 */
@Export
@Version("1.0.0")
package org.edgeway.web.common;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
