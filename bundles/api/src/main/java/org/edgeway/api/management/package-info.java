/**
 * Managing the gateway: read and change configurations validated against their metatype, take snapshots and roll
 * back. Used by the runtime's CONF-V1 cloud application and by local consoles; provided by the runtime.
 */
@Export
@Version("1.1.0")
package org.edgeway.api.management;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
