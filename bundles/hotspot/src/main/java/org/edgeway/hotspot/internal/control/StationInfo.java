package org.edgeway.hotspot.internal.control;

import java.util.Objects;

/**
 * What hostapd says about an associated station ({@code STA-FIRST}/{@code STA-NEXT}/{@code STA}).
 *
 * @param mac              the station
 * @param rxBytes          bytes hostapd received from it (the client's upload)
 * @param txBytes          bytes hostapd sent to it (the client's download)
 * @param inactiveMillis   {@code inactive_msec}: time since its last frame
 * @param signalDbm        {@code signal}, or null when hostapd gives none
 * @param connectedSeconds {@code connected_time}, or null when hostapd gives none
 */
public record StationInfo(MacAddress mac, long rxBytes, long txBytes, long inactiveMillis, Integer signalDbm,
        Long connectedSeconds) {

    /** Validates. */
    public StationInfo {
        Objects.requireNonNull(mac, "mac");
        if (rxBytes < 0 || txBytes < 0 || inactiveMillis < 0) {
            throw new IllegalArgumentException("station counters must not be negative");
        }
    }
}
