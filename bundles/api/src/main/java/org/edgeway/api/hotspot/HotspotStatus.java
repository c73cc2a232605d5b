package org.edgeway.api.hotspot;

/**
 * The hotspot's state.
 *
 * @param hostapdConnected true while the control connection to hostapd is up
 * @param ssid             the network name hostapd reports, or empty
 * @param clients          clients connected now
 * @param sessionsToday    sessions started today
 * @param bytesUpToday     bytes clients sent today
 * @param bytesDownToday   bytes clients received today
 * @param lastProblem      the latest problem with hostapd, or null
 */
public record HotspotStatus(boolean hostapdConnected, String ssid, int clients, long sessionsToday,
        long bytesUpToday, long bytesDownToday, String lastProblem) {
}
