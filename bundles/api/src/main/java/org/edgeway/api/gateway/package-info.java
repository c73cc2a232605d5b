/** Who this gateway is: identity, model and versions, used by the birth certificate and the fleet console. */
@Export
@Version("1.0.0")
package org.edgeway.api.gateway;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
