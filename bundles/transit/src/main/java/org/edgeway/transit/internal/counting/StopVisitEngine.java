package org.edgeway.transit.internal.counting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.edgeway.api.payload.Position;
import org.edgeway.api.position.Fix;
import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountQuality;
import org.edgeway.api.transit.DoorReport;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;
import org.edgeway.api.transit.Occupancy;
import org.edgeway.api.transit.StopVisit;
import org.edgeway.api.transit.Trip;
import org.edgeway.api.transit.TripStop;
import org.edgeway.api.transit.TripSummary;
import org.edgeway.api.transit.VisitQuality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns door reports, position fixes and the current trip into stop visits, trip balances and the live load.
 * <p>
 * A visit runs from the first door opening to the last door closing; counts that arrive within the close grace
 * still join it, and a door reopening within the grace continues it. It is attributed to a stop of the current trip
 * by where the vehicle stood (the slowest fix while the doors were open, within the bay radius), preferring the next
 * stop in sequence so that loops and stops served twice resolve in trip order. Sensors report cumulative counters,
 * so a lost report loses nothing: the engine counts the differences. At the last stop of a trip, alightings belong
 * to the ending trip and boardings to the next one, when the trip source names it.
 * <p>
 * Not thread-safe: one thread drives it (the counting component's executor). Times of visits are the sensors'
 * report times; the close grace and fix freshness are measured on the gateway clock.
 */
public final class StopVisitEngine {

    private static final Logger LOG = LoggerFactory.getLogger(StopVisitEngine.class);

    private EngineSettings settings;
    private final EngineEvents events;
    private final Clock clock;
    private final Supplier<String> visitIds;
    private final BiFunction<Trip, Instant, Optional<Trip>> terminus;
    private final Supplier<OptionalInt> sequenceHint;
    private final ProblemLog problems = new ProblemLog(LOG);

    private Trip trip;
    private Instant tripStart;
    private long tripBoardings;
    private long tripAlightings;
    private VisitCounts tripCounts = new VisitCounts();
    private long tripClamped;
    private int tripVisits;
    private Integer lastMatchedSequence;
    private TripStop lastStop;
    private int load;

    private final Map<String, long[]> cumulative = new HashMap<>();
    private final Map<String, Instant> lastReportTime = new HashMap<>();
    private final Map<String, DoorState> doorStates = new HashMap<>();
    private final Set<String> unavailableSensors = new HashSet<>();

    private Visit open;
    private Visit closing;
    private Instant closingSince;
    private Visit carried;

    private Fix lastFix;
    private Instant lastFixReceived;
    /** A run saved before a restart, resumed if the trip source names the same trip first. */
    private SavedState.Run suspendedRun;

    /**
     * @param settings     thresholds and the vehicle's doors
     * @param events       receives visits, trip starts and ends, occupancy changes
     * @param clock        the gateway clock (close grace, fix freshness)
     * @param visitIds     unique visit ids
     * @param terminus     asked for the next trip when a trip reaches its last stop (the trip source)
     * @param sequenceHint the on-board computer's current stop sequence, when it knows one
     */
    public StopVisitEngine(EngineSettings settings, EngineEvents events, Clock clock, Supplier<String> visitIds,
            BiFunction<Trip, Instant, Optional<Trip>> terminus, Supplier<OptionalInt> sequenceHint) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.visitIds = Objects.requireNonNull(visitIds, "visitIds");
        this.terminus = Objects.requireNonNull(terminus, "terminus");
        this.sequenceHint = Objects.requireNonNull(sequenceHint, "sequenceHint");
    }

    // ---------------------------------------------------------------- inputs

    /** New thresholds, doors or capacity (configuration changed): they apply from now on, nothing is lost. */
    public void reconfigure(EngineSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
    }

    /**
     * The trip source says the vehicle now runs {@code next} (or none). Ends the current trip run (its balance is
     * reported and the load reset); a visit open at that moment is split: what was counted so far belongs to the
     * ending trip, the rest to the new one.
     */
    public void tripChanged(Optional<Trip> next) {
        Instant now = clock.instant();
        Trip nextTrip = next.orElse(null);
        if (suspendedRun != null) {
            SavedState.Run saved = suspendedRun;
            suspendedRun = null;
            if (trip == null && nextTrip != null && nextTrip.tripId().equals(saved.tripId())) {
                resume(nextTrip, saved);
                return;
            }
            // the vehicle moved on to another trip while the gateway was down: the saved run ended then
            events.tripEnded(new TripSummary(saved.tripId(), saved.tripStart(), now, saved.line(), saved.visits(),
                    saved.boardings(), saved.alightings(), saved.load(), saved.clamped()));
            load = 0;
        }
        if (trip != null && nextTrip != null && sameTrip(trip, nextTrip)) {
            trip = nextTrip;
            return;
        }
        if (trip == null && nextTrip == null) {
            return;
        }
        Visit continuing = null;
        if (open != null) {
            continuing = open.splitAt(now);
            finish(open, false);
            open = continuing;
        }
        if (closing != null) {
            finish(closing, false);
            closing = null;
        }
        endTrip(now);
        if (nextTrip != null) {
            startTrip(nextTrip, now);
        }
    }

    /** A report from the position source. */
    public void fix(Fix fix) {
        if (!fix.hasPosition()) {
            lastFix = null;
            return;
        }
        lastFix = fix;
        lastFixReceived = clock.instant();
        if (open != null) {
            open.consider(fix);
        }
    }

    /** A sensor's report (never throws: whatever is wrong is flagged and logged). */
    public void report(DoorReport report) {
        String doorKey = report.sensor() + "/" + report.doorId();
        Instant previous = lastReportTime.get(doorKey);
        boolean outOfOrder = previous != null && report.time().isBefore(previous);
        if (outOfOrder) {
            problems.problem("order:" + doorKey, "sensor " + report.sensor() + " door " + report.doorId()
                    + ": report of " + report.time() + " is older than one of " + previous
                    + "; its door state is ignored and its counts only count where they are higher");
            flag(VisitQuality.OUT_OF_ORDER);
        } else {
            lastReportTime.put(doorKey, report.time());
            problems.cleared("order:" + doorKey, "sensor " + report.sensor() + " door " + report.doorId()
                    + ": reports in order again");
        }
        if (!settings.doors().contains(report.doorId())) {
            problems.problem("door:" + report.doorId(), "sensor " + report.sensor() + " reports door '"
                    + report.doorId() + "', which the vehicle does not have (doors " + settings.doors()
                    + "); its counts are kept under that id and flagged");
        }
        // The state change brackets the counts: counts reported with an opening belong to the new visit, counts
        // reported with the closing to the visit that closes.
        if (!outOfOrder && report.state() == DoorState.OPEN) {
            doorOpened(report.doorId(), report.time());
        }
        for (ClassCount count : report.counts()) {
            count(report, count, outOfOrder);
        }
        if (!outOfOrder && report.state() == DoorState.CLOSED) {
            doorClosed(report.doorId(), report.time());
        }
    }

    /** A sensor adapter says whether its sensor can be read. */
    public void sensorAvailability(String sensor, boolean available) {
        if (available) {
            unavailableSensors.remove(sensor);
        } else if (unavailableSensors.add(sensor)) {
            if (open != null) {
                open.quality.add(VisitQuality.SENSOR_UNAVAILABLE);
            }
        }
    }

    /** Time passes: finishes a closed visit once its grace is over. */
    public void tick() {
        if (closing != null && !clock.instant().isBefore(closingSince.plus(settings.closeGrace()))) {
            Visit done = closing;
            closing = null;
            finish(done, true);
        }
    }

    /**
     * The gateway stops: an open or closing visit is reported now, and the counters and the trip run are returned to
     * be saved, so that after the restart the run goes on (its balance is reported when it really ends).
     */
    public SavedState suspend() {
        Instant now = clock.instant();
        if (open != null) {
            Visit cut = open;
            open = null;
            cut.departure = now;
            finish(cut, false);
        }
        if (closing != null) {
            finish(closing, false);
            closing = null;
        }
        return save();
    }

    /** @return the counters and the trip run as they are now (the component saves this after every visit) */
    public SavedState save() {
        Map<String, long[]> counters = new HashMap<>();
        cumulative.forEach((key, value) -> counters.put(key, value.clone()));
        SavedState.Run run = trip == null ? null : new SavedState.Run(trip.tripId(), trip.line(), tripStart, tripBoardings,
                tripAlightings, tripCounts.toList(), tripClamped, tripVisits, lastMatchedSequence, load);
        return new SavedState(counters, run);
    }

    /**
     * Takes up where the gateway stopped, before any input: the sensors' counters (what they counted meanwhile is
     * counted at their first report) and the trip run, resumed when the trip source names the same trip.
     */
    public void restore(SavedState state) {
        state.counters().forEach((key, value) -> cumulative.put(key, value.clone()));
        suspendedRun = state.run();
        if (suspendedRun != null) {
            load = suspendedRun.load();
        }
    }

    private void resume(Trip resumed, SavedState.Run saved) {
        trip = resumed;
        tripStart = saved.tripStart();
        tripBoardings = saved.boardings();
        tripAlightings = saved.alightings();
        tripCounts = new VisitCounts();
        saved.tripCounts().forEach(c -> tripCounts.add(c.doorId(), c.objectClass(), c.boardings(), c.alightings()));
        tripClamped = saved.clamped();
        tripVisits = saved.visits();
        lastMatchedSequence = saved.lastStopSequence();
        lastStop = lastMatchedSequence == null ? null : resumed.stops().stream()
                .filter(s -> s.sequence() == lastMatchedSequence).findFirst().orElse(null);
        load = saved.load();
        LOG.info("trip {} resumed after a restart: {} visits, load {}", resumed.tripId(), tripVisits, load);
        events.occupancyChanged(occupancy());
    }

    // ---------------------------------------------------------------- state for the vehicle context

    public Optional<Trip> currentTrip() {
        return Optional.ofNullable(trip);
    }

    /** @return the stop of the open visit (as far as it can be told yet), or of the latest attributed visit */
    public Optional<TripStop> lastStop() {
        if (open != null && trip != null) {
            Attribution now = attribute(open);
            if (now.stop != null) {
                return Optional.of(now.stop);
            }
        }
        return Optional.ofNullable(lastStop);
    }

    public boolean doorsOpen() {
        return open != null;
    }

    public Occupancy occupancy() {
        return settings.occupancy().evaluate(clock.instant(), trip == null ? null : trip.tripId(), load);
    }

    // ---------------------------------------------------------------- doors and counts

    private void doorOpened(String door, Instant time) {
        doorStates.put(door, DoorState.OPEN);
        if (open != null) {
            return;
        }
        Fix fix = freshFix();
        if (closing != null) {
            if (fix == null || closing.best == null || fix.distanceTo(closing.best.latitude(),
                    closing.best.longitude()) <= settings.bayRadiusMetres()) {
                // reopened within the grace, where it closed: the same visit goes on (a late passenger)
                open = closing;
                closing = null;
                open.departure = null;
                return;
            }
            // the vehicle has moved on: this is the next stop, so the previous visit is complete
            Visit done = closing;
            closing = null;
            finish(done, true);
        }
        open = new Visit(time, load);
        if (fix != null) {
            open.atOpening = fix;
            open.consider(fix);
            if (fix.speed() != null && fix.speed() > settings.maxStopSpeed()) {
                open.quality.add(VisitQuality.MOVING);
            }
        }
        if (!unavailableSensors.isEmpty()) {
            open.quality.add(VisitQuality.SENSOR_UNAVAILABLE);
        }
        if (carried != null) {
            open.counts.addAll(carried.counts);
            open.quality.addAll(carried.quality);
            open.quality.add(VisitQuality.COUNTS_OUTSIDE_DOORS_OPEN);
            carried = null;
        }
    }

    private void doorClosed(String door, Instant time) {
        doorStates.put(door, DoorState.CLOSED);
        if (open == null || doorStates.containsValue(DoorState.OPEN)) {
            return;
        }
        open.departure = time.isBefore(open.arrival) ? open.arrival : time;
        closing = open;
        closingSince = clock.instant();
        open = null;
    }

    private void count(DoorReport report, ClassCount count, boolean outOfOrder) {
        String key = report.sensor() + "/" + report.doorId() + "/" + count.objectClass();
        long[] last = cumulative.get(key);
        if (last == null) {
            // The first report of a counter is its baseline: sensors count since their own start, not ours.
            cumulative.put(key, new long[] {count.in(), count.out()});
            return;
        }
        long in;
        long out;
        Set<VisitQuality> flags = EnumSet.noneOf(VisitQuality.class);
        if (outOfOrder) {
            // an older report: only what it has beyond what is known counts (nothing, usually)
            in = Math.max(0, count.in() - last[0]);
            out = Math.max(0, count.out() - last[1]);
        } else if (count.in() < last[0] || count.out() < last[1]) {
            flags.add(VisitQuality.COUNTER_RESET);
            LOG.warn("sensor {} door {} {}: counter went down ({}/{} after {}/{}): taken as a sensor reset",
                    report.sensor(), report.doorId(), count.objectClass().vdvName(), count.in(), count.out(),
                    last[0], last[1]);
            in = count.in() < last[0] ? count.in() : count.in() - last[0];
            out = count.out() < last[1] ? count.out() : count.out() - last[1];
        } else {
            in = count.in() - last[0];
            out = count.out() - last[1];
        }
        last[0] = outOfOrder ? Math.max(last[0], count.in()) : count.in();
        last[1] = outOfOrder ? Math.max(last[1], count.out()) : count.out();
        if (in == 0 && out == 0) {
            return;
        }
        if (in > settings.maxCountStep() || out > settings.maxCountStep()) {
            flags.add(VisitQuality.IMPLAUSIBLE_COUNT);
            problems.problem("step:" + key, "sensor " + report.sensor() + " door " + report.doorId() + " "
                    + count.objectClass().vdvName() + ": step of " + in + " in / " + out + " out is beyond "
                    + settings.maxCountStep() + "; kept and flagged");
        } else {
            problems.cleared("step:" + key, "sensor " + report.sensor() + " door " + report.doorId()
                    + ": plausible counts again");
        }
        if (count.quality() != CountQuality.REGULAR) {
            flags.add(VisitQuality.SENSOR_QUALITY);
        }
        if (!settings.doors().contains(report.doorId())) {
            flags.add(VisitQuality.UNKNOWN_DOOR);
        }
        Visit target = open != null ? open : closing;
        if (target == null) {
            if (carried == null) {
                carried = new Visit(report.time(), load);
                carried.departure = report.time();
            }
            target = carried;
        }
        target.counts.add(report.doorId(), count.objectClass(), in, out);
        target.quality.addAll(flags);
        applyToLoad(in, out, target);
    }

    private void applyToLoad(long in, long out, Visit target) {
        long next = load + in - out;
        if (next < 0) {
            tripClamped += -next;
            target.clamped += -next;
            target.quality.add(VisitQuality.OCCUPANCY_CLAMPED);
            next = 0;
        }
        load = (int) Math.min(Integer.MAX_VALUE, next);
        events.occupancyChanged(occupancy());
    }

    private void flag(VisitQuality quality) {
        if (open != null) {
            open.quality.add(quality);
        } else if (closing != null) {
            closing.quality.add(quality);
        }
    }

    private Fix freshFix() {
        if (lastFix == null || lastFixReceived == null) {
            return null;
        }
        Duration age = Duration.between(lastFixReceived, clock.instant());
        return age.compareTo(settings.maxFixAge()) <= 0 ? lastFix : null;
    }

    // ---------------------------------------------------------------- visits and trips

    private void finish(Visit visit, boolean terminusSplit) {
        Attribution where = attribute(visit);
        Set<VisitQuality> quality = EnumSet.noneOf(VisitQuality.class);
        quality.addAll(visit.quality);
        quality.addAll(where.quality);
        Instant departure = visit.departure == null ? visit.arrival : visit.departure;
        if (terminusSplit && trip != null && where.stop != null
                && where.stop.sequence() == trip.lastStop().sequence()) {
            Optional<Trip> next = terminus.apply(trip, departure);
            if (next.isPresent()) {
                finishAtTerminus(visit, where, quality, departure, next.get());
                return;
            }
        }
        publishVisit(visit.counts, visit.arrival, departure, where, quality, visit.position());
    }

    /** Alightings end the trip, boardings start the next: two visits at the same place and time. */
    private void finishAtTerminus(Visit visit, Attribution where, Set<VisitQuality> quality, Instant departure,
            Trip next) {
        VisitCounts alighting = visit.counts.alightingsOnly();
        VisitCounts boarding = visit.counts.boardingsOnly();
        // The live load mixed both trips during the visit; the ending trip keeps what its alightings leave.
        // so the clamping is judged again on the alightings alone.
        tripClamped -= visit.clamped;
        Set<VisitQuality> endingQuality = EnumSet.copyOf(quality);
        endingQuality.remove(VisitQuality.OCCUPANCY_CLAMPED);
        long remaining = visit.loadAtStart - alighting.alightings();
        if (remaining < 0) {
            tripClamped += -remaining;
            endingQuality.add(VisitQuality.OCCUPANCY_CLAMPED);
            remaining = 0;
        }
        load = (int) remaining;
        publishVisit(alighting, visit.arrival, departure, where, endingQuality, visit.position());
        endTrip(departure);
        startTrip(next, departure);
        load = (int) Math.min(Integer.MAX_VALUE, boarding.boardings());
        events.occupancyChanged(occupancy());
        TripStop first = next.stops().get(0);
        Attribution start = new Attribution(first, EnumSet.noneOf(VisitQuality.class));
        if (!first.stop().stopId().equals(where.stop.stop().stopId())) {
            LOG.warn("trip {} does not start at {} where trip ended; the boardings there are attributed to its "
                    + "first stop {}", next.tripId(), where.stop.stop().stopId(), first.stop().stopId());
        }
        if (boarding.isEmpty()) {
            return; // nobody boarded in this opening (they board at a later one): no visit to report for the new trip
        }
        Set<VisitQuality> startQuality = EnumSet.copyOf(quality);
        startQuality.remove(VisitQuality.OCCUPANCY_CLAMPED);
        publishVisit(boarding, visit.arrival, departure, start, startQuality, visit.position());
    }

    private void publishVisit(VisitCounts counts, Instant arrival, Instant departure, Attribution where,
            Set<VisitQuality> quality, Position position) {
        tripBoardings += counts.boardings();
        tripAlightings += counts.alightings();
        tripCounts.addAll(counts);
        tripVisits++;
        if (where.stop != null) {
            lastStop = where.stop;
            lastMatchedSequence = where.stop.sequence();
        }
        StopVisit visit = new StopVisit(visitIds.get(), trip == null ? null : trip.tripId(), tripStart,
                trip == null ? null : trip.line(),
                where.stop == null ? null : where.stop.stop().stopId(),
                where.stop == null ? null : where.stop.sequence(),
                where.stop == null ? null : where.stop.stop().name(),
                arrival, departure, position, counts.toList(), counts.boardings(), counts.alightings(),
                tripBoardings, tripAlightings, tripCounts.toList(), load, quality);
        events.visitEnded(visit);
    }

    private void startTrip(Trip next, Instant start) {
        trip = next;
        tripStart = start;
        tripBoardings = 0;
        tripAlightings = 0;
        tripCounts = new VisitCounts();
        tripClamped = 0;
        tripVisits = 0;
        lastMatchedSequence = null;
        lastStop = null;
        events.tripStarted(next, start);
    }

    private void endTrip(Instant end) {
        if (carried != null) {
            // counts that no door opening followed: reported on their own rather than lost
            Visit orphan = carried;
            carried = null;
            publishVisit(orphan.counts, orphan.arrival, orphan.departure,
                    new Attribution(null, EnumSet.noneOf(VisitQuality.class)),
                    addTo(orphan.quality, VisitQuality.COUNTS_OUTSIDE_DOORS_OPEN), null);
        }
        if (trip != null) {
            TripSummary summary = new TripSummary(trip.tripId(), tripStart, end, trip.line(), tripVisits,
                    tripBoardings, tripAlightings, load, tripClamped);
            if (load != 0 || tripClamped != 0) {
                LOG.info("trip {} ended with an imbalance of {} and {} alightings beyond the load; load reset to 0",
                        trip.tripId(), load, tripClamped);
            }
            events.tripEnded(summary);
        }
        trip = null;
        tripStart = null;
        lastStop = null;
        lastMatchedSequence = null;
        if (load != 0) {
            load = 0;
            events.occupancyChanged(occupancy());
        }
    }

    private static Set<VisitQuality> addTo(Set<VisitQuality> set, VisitQuality quality) {
        Set<VisitQuality> copy = EnumSet.noneOf(VisitQuality.class);
        copy.addAll(set);
        copy.add(quality);
        return copy;
    }

    private static boolean sameTrip(Trip a, Trip b) {
        return a.tripId().equals(b.tripId()) && a.stops().equals(b.stops());
    }

    // ---------------------------------------------------------------- stop attribution

    private record Attribution(TripStop stop, Set<VisitQuality> quality) {
    }

    private Attribution attribute(Visit visit) {
        if (trip == null) {
            return new Attribution(null, EnumSet.of(VisitQuality.NO_TRIP));
        }
        Fix fix = visit.best;
        boolean stopsHavePositions = trip.stops().stream().anyMatch(s -> s.stop().hasPosition());
        if (fix != null && stopsHavePositions) {
            List<TripStop> near = trip.stops().stream()
                    .filter(s -> s.stop().hasPosition())
                    .filter(s -> fix.distanceTo(s.stop().latitude(), s.stop().longitude()) <= settings.bayRadiusMetres())
                    .toList();
            if (near.isEmpty()) {
                return new Attribution(null, EnumSet.of(VisitQuality.AWAY_FROM_STOP));
            }
            Optional<TripStop> nextInSequence = near.stream()
                    .filter(s -> lastMatchedSequence == null || s.sequence() > lastMatchedSequence)
                    .min(Comparator.comparingInt(TripStop::sequence));
            TripStop chosen = nextInSequence.orElseGet(() -> near.stream()
                    .min(Comparator.comparingDouble(s -> fix.distanceTo(s.stop().latitude(), s.stop().longitude())))
                    .orElseThrow());
            return new Attribution(chosen, EnumSet.noneOf(VisitQuality.class));
        }
        EnumSet<VisitQuality> quality = EnumSet.noneOf(VisitQuality.class);
        if (fix == null) {
            quality.add(VisitQuality.NO_POSITION);
        }
        OptionalInt hint = sequenceHint.get();
        if (hint.isPresent()) {
            Optional<TripStop> hinted = trip.stops().stream().filter(s -> s.sequence() == hint.getAsInt()).findFirst();
            if (hinted.isPresent()) {
                quality.add(VisitQuality.STOP_FROM_SEQUENCE);
                return new Attribution(hinted.get(), quality);
            }
        }
        quality.add(VisitQuality.NO_POSITION);
        return new Attribution(null, quality);
    }

    /** A visit being built. */
    private static final class Visit {
        final Instant arrival;
        final int loadAtStart;
        final VisitCounts counts = new VisitCounts();
        final EnumSet<VisitQuality> quality = EnumSet.noneOf(VisitQuality.class);
        /** Alightings not subtracted because the load was already zero. */
        long clamped;
        Instant departure;
        Fix atOpening;
        Fix best;

        Visit(Instant arrival, int loadAtStart) {
            this.arrival = arrival;
            this.loadAtStart = loadAtStart;
        }

        /** Keeps the slowest fix seen while the doors were open: that is where the vehicle stood. */
        void consider(Fix fix) {
            if (best == null) {
                best = fix;
                return;
            }
            double speed = fix.speed() == null ? Double.MAX_VALUE : fix.speed();
            double bestSpeed = best.speed() == null ? Double.MAX_VALUE : best.speed();
            if (speed <= bestSpeed) {
                best = fix;
            }
        }

        /**
         * Ends this visit now and returns its continuation (same place, no counts yet), which starts a new trip
         * run, so with a load of zero.
         */
        Visit splitAt(Instant now) {
            departure = now.isBefore(arrival) ? arrival : now;
            Visit rest = new Visit(departure, 0);
            rest.atOpening = atOpening;
            rest.best = best;
            return rest;
        }

        Position position() {
            return best == null ? null : best.toPosition();
        }
    }
}
