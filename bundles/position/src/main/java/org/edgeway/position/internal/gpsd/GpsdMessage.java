package org.edgeway.position.internal.gpsd;

import java.time.Instant;

/** A validated gpsd JSON report, as far as we use it. */
public sealed interface GpsdMessage permits GpsdMessage.Version, GpsdMessage.Tpv, GpsdMessage.Sky,
        GpsdMessage.Device, GpsdMessage.Watch, GpsdMessage.Error, GpsdMessage.Other {

    /**
     * The banner gpsd sends on connect.
     *
     * @param release    the gpsd release, for example {@code 3.22}, or null
     * @param protoMajor protocol major version, or -1
     * @param protoMinor protocol minor version, or -1
     */
    record Version(String release, int protoMajor, int protoMinor) implements GpsdMessage {
    }

    /**
     * Time-position-velocity.
     *
     * @param device    the device path, or null
     * @param mode      0 unknown, 1 no fix, 2 2D, 3 3D
     * @param time      the receiver's UTC time, or null (gpsd omits it while it does not know the date)
     * @param latitude  degrees, or null
     * @param longitude degrees, or null
     * @param altitude  metres above mean sea level ({@code altMSL}, else {@code alt}), or null
     * @param speed     metres per second, or null
     * @param track     degrees true, or null
     * @param epx       95 % longitude error in metres, or null
     * @param epy       95 % latitude error in metres, or null
     * @param eph       95 % horizontal error in metres, or null
     */
    record Tpv(String device, int mode, Instant time, Double latitude, Double longitude, Double altitude,
            Double speed, Double track, Double epx, Double epy, Double eph) implements GpsdMessage {
    }

    /**
     * The satellites in view.
     *
     * @param usedSatellites how many are used in the fix, or null when the report does not say
     */
    record Sky(Integer usedSatellites) implements GpsdMessage {
    }

    /**
     * A device was activated or deactivated.
     *
     * @param path        the device path, or null
     * @param deactivated true for {@code "activated":0}: gpsd closed the device (it failed or its source dropped)
     */
    record Device(String path, boolean deactivated) implements GpsdMessage {
    }

    /** gpsd's answer to {@code ?WATCH}: the watch is in effect. */
    record Watch() implements GpsdMessage {
    }

    /**
     * gpsd complains about a request.
     *
     * @param message its text
     */
    record Error(String message) implements GpsdMessage {
    }

    /**
     * Any other class (DEVICES, PPS, TOFF, GST, ATT, ...).
     *
     * @param className the {@code class} member
     */
    record Other(String className) implements GpsdMessage {
    }
}
