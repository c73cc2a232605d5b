/**
 * Values that edgeway applications publish and receive: a {@link org.edgeway.api.payload.Payload} with typed
 * {@link org.edgeway.api.payload.Metric metrics}, an optional {@link org.edgeway.api.payload.Position position}
 * and an optional body. They map one to one onto Kura's {@code KuraPayload}, so whatever an application puts
 * here reaches a Kura-compatible cloud unchanged.
 */
@Export
@Version("1.0.0")
package org.edgeway.api.payload;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
