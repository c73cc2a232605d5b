package org.edgeway.transit.internal.ibisip;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.edgeway.api.transit.StopPoint;
import org.edgeway.api.transit.Trip;
import org.edgeway.api.transit.TripStop;
import org.edgeway.transit.internal.context.TripSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trip from the on-board computer's IBIS-IP CustomerInformationService: GetAllData is polled, the trip is the
 * TripRef with its StopSequence (coordinates from a lookup, since CIS has none), the current stop sequence is the
 * CurrentStopIndex. {@code onChange} is called when the trip ref or the stop refs change, or the trip ends. While the
 * device cannot be read, the last trip is kept.
 *
 * <p>Without a TripRef but with stops, the trip id is made up as {@code ibisip:<line>:<first stop>-<last stop>}, so
 * that visits still get stops and a stable id.
 */
public final class CisTripSource implements TripSource {

    static final String SERVICE = "CustomerInformationService";

    private static final Logger LOG = LoggerFactory.getLogger(CisTripSource.class);

    private final URI baseUrl;
    private final URI getAllData;
    private final Duration poll;
    private final Duration timeout;
    private final Function<String, Optional<StopPoint>> coordinates;
    private final HttpClient client;
    private final ScheduledExecutorService executor;
    private final Object lock = new Object();
    private Consumer<Optional<Trip>> onChange; // lock
    private ScheduledFuture<?> polling; // lock
    private boolean closed; // lock
    private volatile Optional<Trip> current = Optional.empty();
    private volatile List<String> currentKey = List.of();
    private volatile OptionalInt currentStop = OptionalInt.empty();
    private boolean failing; // poll thread only

    /**
     * @param baseUrl     the device, for example {@code http://10.0.0.2:8080}
     * @param poll        how often GetAllData is polled; also bounds the request timeout (1 to 10 s)
     * @param coordinates finds a stop's coordinates by StopRef (GTFS or configuration); may return empty
     * @param client      the HTTP client, not closed here
     * @param executor    runs the polls, not shut down here
     */
    public CisTripSource(URI baseUrl, Duration poll, Function<String, Optional<StopPoint>> coordinates,
            HttpClient client, ScheduledExecutorService executor) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.poll = Objects.requireNonNull(poll, "poll");
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("poll must be positive, was " + poll);
        }
        this.timeout = poll.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : poll.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : poll;
        this.coordinates = Objects.requireNonNull(coordinates, "coordinates");
        this.client = Objects.requireNonNull(client, "client");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.getAllData = IbisIpHttp.operation(baseUrl, SERVICE, "GetAllData");
    }

    @Override
    public void start(Consumer<Optional<Trip>> listener) {
        Objects.requireNonNull(listener, "onChange");
        synchronized (lock) {
            if (onChange != null) {
                throw new IllegalStateException("already started");
            }
            if (closed) {
                return;
            }
            onChange = listener;
            polling = executor.scheduleWithFixedDelay(this::pollSafely, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // keeps the schedule alive: the executor would silently drop a task that threw
            LOG.error("IBIS-IP CustomerInformationService at {}: unexpected failure", baseUrl, e);
        }
    }

    /** One GetAllData; package-private so that tests can drive it. */
    void poll() {
        CisAllData data;
        try {
            data = IbisIpXml.parseCisAllData(IbisIpHttp.post(client, getAllData, new byte[0], timeout));
        } catch (IOException e) {
            failed(e instanceof HttpTimeoutException ? "timeout (" + e.getMessage() + ")" : String.valueOf(e
                    .getMessage()));
            return;
        } catch (IbisIpException e) {
            failed(e.getMessage());
            return;
        }
        Optional<Trip> trip;
        try {
            trip = trip(data);
        } catch (IllegalArgumentException e) {
            failed("unusable trip: " + e.getMessage());
            return;
        }
        if (failing) {
            failing = false;
            LOG.info("IBIS-IP CustomerInformationService at {} can be read again", baseUrl);
        }
        currentStop = trip.isPresent() ? data.currentStopIndex() : OptionalInt.empty();
        List<String> key = key(data, trip);
        Consumer<Optional<Trip>> listener;
        synchronized (lock) {
            if (key.equals(currentKey) || closed) {
                return;
            }
            currentKey = key;
            current = trip;
            listener = onChange;
        }
        LOG.info("IBIS-IP trip now {}", trip.map(t -> t.tripId() + " (line " + t.line() + " to " + t.headsign()
                + ", " + t.stops().size() + " stops)").orElse("none"));
        listener.accept(trip);
    }

    private void failed(String problem) {
        if (!failing) {
            failing = true;
            LOG.warn("IBIS-IP CustomerInformationService at {} cannot be read: {}; keeping the last trip, retrying "
                    + "(logged again when it works)", baseUrl, problem);
        } else {
            LOG.debug("IBIS-IP CustomerInformationService still failing: {}", problem);
        }
    }

    private Optional<Trip> trip(CisAllData data) {
        if (!data.hasTrip()) {
            return Optional.empty();
        }
        List<TripStop> stops = new ArrayList<>(data.stops().size());
        for (CisAllData.Stop stop : data.stops()) {
            stops.add(new TripStop(stop.index(), stopPoint(stop)));
        }
        String id = data.tripRef().orElseGet(() -> "ibisip:" + data.line() + ":" + data.stops().get(0).ref() + "-"
                + data.stops().get(data.stops().size() - 1).ref());
        return Optional.of(new Trip(id, data.line(), data.headsign(), stops));
    }

    private StopPoint stopPoint(CisAllData.Stop stop) {
        Optional<StopPoint> known;
        try {
            known = coordinates.apply(stop.ref());
        } catch (RuntimeException e) {
            LOG.debug("Stop lookup failed for {}: {}", stop.ref(), e.toString());
            known = Optional.empty();
        }
        if (known != null && known.isPresent()) {
            StopPoint p = known.get();
            return new StopPoint(stop.ref(), p.name().isEmpty() ? stop.name() : p.name(), p.latitude(),
                    p.longitude());
        }
        return new StopPoint(stop.ref(), stop.name(), null, null);
    }

    private static List<String> key(CisAllData data, Optional<Trip> trip) {
        if (trip.isEmpty()) {
            return List.of();
        }
        List<String> key = new ArrayList<>();
        key.add(trip.get().tripId());
        for (CisAllData.Stop stop : data.stops()) {
            key.add(stop.index() + "=" + stop.ref());
        }
        return key;
    }

    @Override
    public Optional<Trip> currentTrip() {
        return current;
    }

    @Override
    public OptionalInt currentStopSequence() {
        return currentStop;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (polling != null) {
                polling.cancel(false);
            }
        }
    }
}
