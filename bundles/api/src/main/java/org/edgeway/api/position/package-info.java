/**
 * Where the vehicle is: the current GNSS {@link org.edgeway.api.position.Fix fix} from the
 * {@link org.edgeway.api.position.PositionService}, whatever the receiver (gpsd, an NMEA 0183 device, a
 * simulator), and {@link org.edgeway.api.position.PositionListener listeners} told of every new fix.
 */
@Export
@Version("1.0.0")
package org.edgeway.api.position;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
