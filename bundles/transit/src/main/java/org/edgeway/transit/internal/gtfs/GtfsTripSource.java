package org.edgeway.transit.internal.gtfs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.edgeway.api.transit.Trip;
import org.edgeway.transit.internal.context.TripSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vehicle's trip from a GTFS feed: either one fixed trip (run again and again), or by the schedule.
 *
 * <p>By schedule the trip is re-evaluated every 30 s with {@link GtfsIndex#activeTrip}. A trip once chosen is kept
 * while it can still be the vehicle's (from 30 minutes before its scheduled first departure until 15 minutes after
 * its scheduled last arrival): on a line many vehicles serve, another vehicle's trip starting later must not take
 * over this vehicle's trip halfway. When it reaches its terminus, {@link #tripCompleted} chooses the next trip with
 * {@link GtfsIndex#nextTrip}.
 */
public final class GtfsTripSource implements TripSource {

    /** How often the schedule is looked at. */
    static final Duration EVALUATION = Duration.ofSeconds(30);
    /** How late after its scheduled end a chosen trip is still taken as running (vehicles run late). */
    static final Duration LATE_END = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(GtfsTripSource.class);

    private final GtfsIndex index;
    private final String fixedTripId;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Object lock = new Object();
    private Consumer<Optional<Trip>> onChange; // lock
    private Optional<Trip> current = Optional.empty(); // lock
    private GtfsIndex.Run currentRun; // lock; by schedule only
    private ScheduledFuture<?> evaluation; // lock
    private boolean closed; // lock
    /** Bumped on every change, so that a notification overtaken by {@link #tripCompleted} is not sent stale. */
    private volatile long generation;

    /**
     * @param index       the feed
     * @param fixedTripId a trip id to run always, or null or blank to follow the schedule
     * @param clock       the time
     * @param executor    runs the re-evaluation by schedule; not shut down by {@link #close}
     */
    public GtfsTripSource(GtfsIndex index, String fixedTripId, Clock clock, ScheduledExecutorService executor) {
        this.index = Objects.requireNonNull(index, "index");
        this.fixedTripId = fixedTripId == null || fixedTripId.isBlank() ? null : fixedTripId.trim();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public void start(Consumer<Optional<Trip>> listener) {
        Objects.requireNonNull(listener, "onChange");
        synchronized (lock) {
            if (onChange != null) {
                throw new IllegalStateException("already started");
            }
            onChange = listener;
        }
        if (fixedTripId != null) {
            Optional<Trip> trip = index.trip(fixedTripId);
            if (trip.isEmpty()) {
                LOG.error("GTFS trip '{}' is not among the trips of lines {} in the feed: no trip", fixedTripId,
                        index.lines());
                return;
            }
            synchronized (lock) {
                current = trip;
            }
            listener.accept(trip);
            return;
        }
        evaluate();
        synchronized (lock) {
            if (!closed) {
                evaluation = executor.scheduleWithFixedDelay(this::evaluateSafely, EVALUATION.toMillis(),
                        EVALUATION.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void evaluateSafely() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            // a failing run must not end the schedule (the executor would drop the task silently)
            LOG.error("GTFS schedule evaluation failed", e);
        }
    }

    /** Looks at the schedule now; package-private so that tests can drive it without waiting 30 s. */
    void evaluate() {
        Instant now = clock.instant();
        Optional<Trip> changed;
        long myGeneration;
        Consumer<Optional<Trip>> listener;
        synchronized (lock) {
            if (closed || (currentRun != null && stillPlausible(currentRun, now))) {
                return;
            }
            Optional<GtfsIndex.Run> run = index.activeRun(now);
            currentRun = run.orElse(null);
            Optional<Trip> trip = run.map(r -> index.trip(r.trip()));
            if (trip.equals(current)) {
                return;
            }
            current = trip;
            changed = trip;
            myGeneration = ++generation;
            listener = onChange;
        }
        LOG.info("GTFS schedule: trip now {}", changed.map(t -> t.tripId() + " (line " + t.line() + " to "
                + t.headsign() + ")").orElse("none"));
        if (myGeneration == generation) {
            listener.accept(changed);
        }
    }

    private static boolean stillPlausible(GtfsIndex.Run run, Instant now) {
        return !now.isBefore(run.start().minus(GtfsIndex.UPCOMING)) && !now.isAfter(run.end().plus(LATE_END));
    }

    @Override
    public Optional<Trip> currentTrip() {
        synchronized (lock) {
            return current;
        }
    }

    @Override
    public Optional<Trip> tripCompleted(Trip trip, Instant when) {
        if (fixedTripId != null) {
            return currentTrip().isPresent() ? index.trip(fixedTripId) : Optional.empty();
        }
        synchronized (lock) {
            Optional<GtfsIndex.Run> next = index.nextRun(trip.tripId(), when);
            currentRun = next.orElse(null);
            current = next.map(r -> index.trip(r.trip()));
            generation++;
            LOG.info("GTFS schedule: trip {} completed, next {}", trip.tripId(),
                    next.map(r -> index.tripId(r.trip()) + " at " + r.start()).orElse("none"));
            return current;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (evaluation != null) {
                evaluation.cancel(false);
            }
        }
    }
}
