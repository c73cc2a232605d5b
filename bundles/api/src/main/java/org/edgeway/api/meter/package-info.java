/** Utility meters (electricity, heat, water) and their last readings, for consoles and other bundles. */
@Export
@Version("1.0.0")
package org.edgeway.api.meter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
