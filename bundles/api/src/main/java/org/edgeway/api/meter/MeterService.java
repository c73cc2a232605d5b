package org.edgeway.api.meter;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The utility meters a gateway reads and their last values; registered by the Modbus bundle. */
@ProviderType
public interface MeterService {

    /**
     * Returns the last reading of every configured meter.
     *
     * @return the readings, by meter name
     */
    List<MeterReading> latestReadings();
}
