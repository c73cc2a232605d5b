/**
 * The passenger Wi-Fi hotspot as other bundles (the local console, integrators' bundles) see it: its
 * {@link org.edgeway.api.hotspot.HotspotStatus status} and its current {@link org.edgeway.api.hotspot.ClientSession
 * client sessions}, under pseudonymous ids (a keyed hash whose key rotates daily and never leaves the gateway): no
 * MAC address ever appears here.
 */
@Export
@Version("1.0.0")
package org.edgeway.api.hotspot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
