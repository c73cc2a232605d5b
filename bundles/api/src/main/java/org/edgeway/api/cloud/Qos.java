package org.edgeway.api.cloud;

/** MQTT quality of service of a publish. */
public enum Qos {
    /** At most once: may be lost on a broken connection; never stored across restarts. */
    AT_MOST_ONCE(0),
    /** At least once: stored until the broker acknowledged it; may arrive twice after a reconnect. */
    AT_LEAST_ONCE(1);

    private final int level;

    Qos(int level) {
        this.level = level;
    }

    /**
     * Returns the MQTT QoS level.
     *
     * @return 0 or 1
     */
    public int level() {
        return level;
    }
}
