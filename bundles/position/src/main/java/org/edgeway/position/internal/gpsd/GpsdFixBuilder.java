package org.edgeway.position.internal.gpsd;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;

/**
 * Turns gpsd TPV reports into {@link Fix fixes}, with the satellite count of the latest SKY. Mode 0 and 1 are
 * {@link FixMode#NO_FIX}; the horizontal error is the larger of epx and epy, else eph. Not thread-safe.
 */
public final class GpsdFixBuilder {

    private final String source;
    private final Clock clock;
    private Integer usedSatellites;

    /**
     * @param source the source name written into each fix
     * @param clock  the gateway clock: the time of a no-fix report that has none
     */
    public GpsdFixBuilder(String source, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Remembers the satellites used, for the following fixes.
     *
     * @param sky the report; one that does not say how many are used changes nothing
     */
    public void sky(GpsdMessage.Sky sky) {
        if (sky.usedSatellites() != null) {
            usedSatellites = sky.usedSatellites();
        }
    }

    /** Forgets the satellite count (a new gpsd session). */
    public void reset() {
        usedSatellites = null;
    }

    /**
     * The fix of a TPV report.
     *
     * @param tpv the report (validated by {@link GpsdParser})
     * @return the fix; empty for a report with a position but no time (gpsd sends one before it knows the date)
     */
    public Optional<Fix> fix(GpsdMessage.Tpv tpv) {
        if (tpv.mode() < 2) {
            Instant time = tpv.time() != null ? tpv.time() : clock.instant();
            return Optional.of(Fix.noFix(time, source));
        }
        if (tpv.time() == null) {
            return Optional.empty();
        }
        FixMode mode = tpv.mode() == 3 ? FixMode.FIX_3D : FixMode.FIX_2D;
        return Optional.of(new Fix(tpv.time(), mode, tpv.latitude(), tpv.longitude(), tpv.altitude(), tpv.speed(),
                tpv.track(), horizontalError(tpv), usedSatellites, source));
    }

    private static Double horizontalError(GpsdMessage.Tpv tpv) {
        if (tpv.epx() != null && tpv.epy() != null) {
            return Math.max(tpv.epx(), tpv.epy());
        }
        if (tpv.eph() != null) {
            return tpv.eph();
        }
        return tpv.epx() != null ? tpv.epx() : tpv.epy();
    }
}
