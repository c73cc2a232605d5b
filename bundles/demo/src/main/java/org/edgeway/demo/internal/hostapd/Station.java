package org.edgeway.demo.internal.hostapd;

/**
 * What the simulated access point knows of one associated station. Times are epoch milliseconds of the simulator's
 * clock; {@code inactive_msec} and {@code connected_time} are computed from them when asked.
 *
 * @param aid the association id hostapd gives a station (1..2007)
 */
public record Station(Mac mac, int aid, long connectedAtMillis, long lastActivityMillis, long rxBytes, long txBytes,
        long rxPackets, long txPackets, int signal) {

    /** Typical payload per packet, to derive packet counters from byte counters. */
    private static final int BYTES_PER_PACKET = 1200;

    static Station connected(Mac mac, int aid, long nowMillis, int signal) {
        return new Station(mac, aid, nowMillis, nowMillis, 0, 0, 0, 0, signal);
    }

    Station withTraffic(long rx, long tx, long nowMillis) {
        long rxPacketsAdded = rx == 0 ? 0 : rx / BYTES_PER_PACKET + 1;
        long txPacketsAdded = tx == 0 ? 0 : tx / BYTES_PER_PACKET + 1;
        return new Station(mac, aid, connectedAtMillis, rx + tx > 0 ? nowMillis : lastActivityMillis, rxBytes + rx,
                txBytes + tx, rxPackets + rxPacketsAdded, txPackets + txPacketsAdded, signal);
    }

    Station withSignal(int newSignal) {
        return new Station(mac, aid, connectedAtMillis, lastActivityMillis, rxBytes, txBytes, rxPackets, txPackets,
                newSignal);
    }

    /** Milliseconds since the station last sent or received data. */
    public long inactiveMillis(long nowMillis) {
        return Math.max(0, nowMillis - lastActivityMillis);
    }

    /** Whole seconds since the station associated. */
    public long connectedSeconds(long nowMillis) {
        return Math.max(0, nowMillis - connectedAtMillis) / 1000;
    }
}
