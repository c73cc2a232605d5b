package org.edgeway.position.internal.nmea;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;

/**
 * Combines the GGA and RMC sentences of one epoch (the same UTC time of day) into one {@link Fix}.
 *
 * <p>An epoch is complete, and its fix emitted, when both its GGA and its RMC arrived, or when a sentence of another
 * epoch arrives (then whatever the old epoch had is emitted). The mode is {@link FixMode#NO_FIX} when the RMC status
 * is V or the GGA quality 0, {@link FixMode#FIX_3D} for a GGA with a fix and an altitude, {@link FixMode#FIX_2D}
 * otherwise.
 *
 * <p>The horizontal error is HDOP x 5 m: a crude estimate that assumes a user-equivalent range error of about 5 m
 * (typical for single-frequency GPS without corrections). NMEA GGA carries no real error estimate; GST would, but
 * few receivers send it.
 *
 * <p>GGA carries no date. Its date is the one that puts the fix nearest to the previous fix's instant (the last RMC
 * date, then every fix after it), or to the gateway clock before the first one: a GGA at 00:00:01 after an RMC at
 * 23:59:59 belongs to the next day.
 *
 * <p>Not thread-safe: one per source thread.
 */
public final class NmeaFixAssembler {

    /** Knots to metres per second: one knot is 1852 m per hour. */
    static final double KNOTS_TO_METRES_PER_SECOND = 1852.0 / 3600.0;
    /** The assumed user-equivalent range error that HDOP is multiplied with. */
    static final double HDOP_TO_METRES = 5.0;

    private final String source;
    private final Clock clock;
    private Epoch pending;
    private Completed lastCompleted;
    private Instant reference;

    /**
     * @param source the source name written into each fix
     * @param clock  the gateway clock: the date of GGA-only epochs before the first RMC, the time of NO_FIX reports
     *               without a receiver time
     */
    public NmeaFixAssembler(String source, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Takes the next sentence.
     *
     * @param sentence a GGA or RMC; other sentences are ignored
     * @return the fixes completed by this sentence, in order: none, the previous epoch's, this epoch's, or both
     */
    public List<Fix> accept(NmeaSentence sentence) {
        LocalTime time;
        String completedTalker;
        if (sentence instanceof NmeaSentence.Gga gga) {
            time = gga.time();
            completedTalker = lastCompleted == null ? null : lastCompleted.ggaTalker;
        } else if (sentence instanceof NmeaSentence.Rmc rmc) {
            time = rmc.time();
            completedTalker = lastCompleted == null ? null : lastCompleted.rmcTalker;
        } else {
            return List.of();
        }
        List<Fix> out = new ArrayList<>(2);
        if (time != null && lastCompleted != null && time.equals(lastCompleted.time)
                && !talker(sentence).equals(completedTalker)) {
            // the epoch was already emitted: this is another talker's copy (GPGGA after GNGGA) or a late sentence.
            // The same talker repeating a time is a new report (some receivers freeze the time without a fix).
            return out;
        }
        if (pending != null && !Objects.equals(pending.time, time)) {
            out.add(build(pending));
            pending = null;
        }
        if (pending == null) {
            pending = new Epoch(time);
        }
        if (sentence instanceof NmeaSentence.Gga gga) {
            pending.gga = gga;
        } else {
            pending.rmc = (NmeaSentence.Rmc) sentence;
        }
        if (pending.gga != null && pending.rmc != null) {
            out.add(build(pending));
            pending = null;
        }
        return out;
    }

    /**
     * Emits the epoch in progress, if any (the link closed, nothing more of it will come).
     *
     * @return its fix
     */
    public Optional<Fix> flush() {
        if (pending == null) {
            return Optional.empty();
        }
        Fix fix = build(pending);
        pending = null;
        return Optional.of(fix);
    }

    private Fix build(Epoch epoch) {
        lastCompleted = new Completed(epoch.time, epoch.gga == null ? null : epoch.gga.talker(),
                epoch.rmc == null ? null : epoch.rmc.talker());
        NmeaSentence.Gga gga = epoch.gga;
        NmeaSentence.Rmc rmc = epoch.rmc;
        Instant time = instant(epoch.time, rmc == null ? null : rmc.date());
        boolean noFix = rmc != null && !rmc.valid() || gga != null && !gga.hasFix();
        if (noFix) {
            return Fix.noFix(time, source);
        }
        double latitude = gga != null ? gga.latitude() : rmc.latitude();
        double longitude = gga != null ? gga.longitude() : rmc.longitude();
        Double altitude = gga == null ? null : gga.altitude();
        FixMode mode = gga != null && altitude != null ? FixMode.FIX_3D : FixMode.FIX_2D;
        Double speed = rmc == null || rmc.speedKnots() == null ? null
                : rmc.speedKnots() * KNOTS_TO_METRES_PER_SECOND;
        Double track = rmc == null ? null : rmc.track();
        Double error = gga == null || gga.hdop() == null ? null : gga.hdop() * HDOP_TO_METRES;
        Integer satellites = gga == null ? null : gga.satellites();
        return new Fix(time, mode, latitude, longitude, altitude, speed, track, error, satellites, source);
    }

    /** The instant of an epoch; remembers it as the reference for the next date-less one. */
    private Instant instant(LocalTime time, LocalDate date) {
        if (time == null) {
            // a no-fix report without a receiver time: the gateway's time is the best we have
            return clock.instant();
        }
        Instant result;
        if (date != null) {
            result = date.atTime(time).toInstant(ZoneOffset.UTC);
        } else {
            Instant near = reference != null ? reference : clock.instant();
            LocalDate day = near.atOffset(ZoneOffset.UTC).toLocalDate();
            result = null;
            for (LocalDate candidate : new LocalDate[] { day.minusDays(1), day, day.plusDays(1) }) {
                Instant at = candidate.atTime(time).toInstant(ZoneOffset.UTC);
                if (result == null || Duration.between(at, near).abs().compareTo(
                        Duration.between(result, near).abs()) < 0) {
                    result = at;
                }
            }
        }
        reference = result;
        return result;
    }

    private static String talker(NmeaSentence sentence) {
        return sentence instanceof NmeaSentence.Gga gga ? gga.talker() : ((NmeaSentence.Rmc) sentence).talker();
    }

    /** The last epoch emitted: its time and the talkers of its sentences (null for a sentence it lacked). */
    private record Completed(LocalTime time, String ggaTalker, String rmcTalker) {
    }

    /** The sentences of one epoch so far. */
    private static final class Epoch {
        final LocalTime time;
        NmeaSentence.Gga gga;
        NmeaSentence.Rmc rmc;

        Epoch(LocalTime time) {
            this.time = time;
        }
    }
}
