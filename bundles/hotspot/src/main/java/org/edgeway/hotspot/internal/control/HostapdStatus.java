package org.edgeway.hotspot.internal.control;

/**
 * hostapd's {@code STATUS} reply, the parts the hotspot uses.
 *
 * @param state    {@code state=} (ENABLED, DISABLED, COUNTRY_UPDATE, ...)
 * @param ssid     {@code ssid[0]=}, or empty
 * @param channel  {@code channel=}, or 0 when absent
 * @param stations {@code num_sta[0]=}, or 0 when absent
 */
public record HostapdStatus(String state, String ssid, int channel, int stations) {
}
