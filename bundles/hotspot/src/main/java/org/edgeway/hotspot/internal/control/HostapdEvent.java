package org.edgeway.hotspot.internal.control;

import java.util.Objects;

/**
 * One unsolicited message from an attached control socket ({@code <3>AP-STA-CONNECTED aa:bb:cc:dd:ee:ff}).
 *
 * @param kind    what it means to the hotspot
 * @param name    the event name ({@code AP-STA-CONNECTED}), or empty when the datagram was not an event at all
 * @param station the station of a station event, else null
 */
public record HostapdEvent(Kind kind, String name, MacAddress station) {

    /** The events the client acts on; everything else is {@link #IGNORED} (counted, never an error). */
    public enum Kind {
        STATION_CONNECTED,
        STATION_DISCONNECTED,
        /** {@code CTRL-EVENT-TERMINATING}: hostapd is stopping, the attachment is gone. */
        TERMINATING,
        /** An event the hotspot does not use ({@code AP-ENABLED}, {@code WPS-...}, ...). */
        IGNORED,
        /** A datagram that looked like an event but could not be read (bad level, station event without a MAC). */
        MALFORMED
    }

    /** Validates. */
    public HostapdEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if ((kind == Kind.STATION_CONNECTED || kind == Kind.STATION_DISCONNECTED) != (station != null)) {
            throw new IllegalArgumentException("a station event carries a station, no other event does");
        }
    }
}
