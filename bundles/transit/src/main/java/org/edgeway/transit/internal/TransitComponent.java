package org.edgeway.transit.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.Qos;
import org.edgeway.api.payload.Position;
import org.edgeway.api.position.Fix;
import org.edgeway.api.position.PositionListener;
import org.edgeway.api.transit.CountingSink;
import org.edgeway.api.transit.DoorReport;
import org.edgeway.api.transit.Occupancy;
import org.edgeway.api.transit.StopPoint;
import org.edgeway.api.transit.StopVisit;
import org.edgeway.api.transit.TransitListener;
import org.edgeway.api.transit.Trip;
import org.edgeway.api.transit.TripStop;
import org.edgeway.api.transit.TripSummary;
import org.edgeway.api.transit.VehicleContext;
import org.edgeway.transit.internal.context.ConfiguredTripSource;
import org.edgeway.transit.internal.context.TripSource;
import org.edgeway.transit.internal.counting.EngineEvents;
import org.edgeway.transit.internal.counting.EngineSettings;
import org.edgeway.transit.internal.counting.OccupancyRules;
import org.edgeway.transit.internal.counting.StopVisitEngine;
import org.edgeway.transit.internal.gtfs.GtfsException;
import org.edgeway.transit.internal.gtfs.GtfsIndex;
import org.edgeway.transit.internal.gtfs.GtfsTripSource;
import org.edgeway.transit.internal.ibisip.CisTripSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passenger counting on the vehicle: takes door reports from sensor adapters ({@link CountingSink}), fixes from the
 * position service ({@link PositionListener}) and the trip from the configured source, runs the
 * {@link StopVisitEngine} on one thread, publishes stop visits, trip balances and occupancy on APC-V1 and offers the
 * {@link VehicleContext} to other vehicle bundles (the Wi-Fi hotspot reports per stop with it).
 * <p>
 * Configuration changes apply without a restart ({@code @Modified}): the engine keeps its counters and open visit,
 * so a change of capacity or thresholds loses no count.
 */
@Component(configurationPid = TransitComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {CountingSink.class, VehicleContext.class, PositionListener.class, TransitComponent.class})
@Designate(ocd = TransitConfig.class)
public class TransitComponent implements CountingSink, VehicleContext, PositionListener {

    static final String PID = "org.edgeway.transit";
    static final String APP_ID = "APC-V1";
    private static final Logger LOG = LoggerFactory.getLogger(TransitComponent.class);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int OUTBOX_CAPACITY = 10_000;

    /** What other threads read: refreshed by the engine thread after every input. */
    private record Snapshot(Optional<Trip> trip, Optional<TripStop> lastStop, boolean doorsOpen, Occupancy occupancy) {
    }

    private final Clock clock = Clock.systemUTC();
    /** The engine's thread: every engine call runs here, in order. */
    private final ScheduledExecutorService engineThread;
    /** Trip sources poll here (HTTP to the on-board computer may block for its timeout). */
    private final ScheduledExecutorService sourceThread;
    private final StopVisitEngine engine;
    private final Outbox outbox = new Outbox(APP_ID, OUTBOX_CAPACITY);
    private final List<TransitListener> listeners = new CopyOnWriteArrayList<>();
    private final HttpClient http;
    private final StateFile stateFile;

    private volatile TripSource source;
    private volatile TransitConfig config;
    private volatile Snapshot snapshot;
    private volatile Fix lastFix;

    private volatile CloudPublisher cloud;
    /** The periodic occupancy publish; touched on the engine thread only. */
    private ScheduledFuture<?> occupancyTask;

    @Activate
    public TransitComponent(TransitConfig config, BundleContext context) {
        this.config = config;
        String home = context.getProperty("edgeway.home");
        this.stateFile = new StateFile((home != null ? Path.of(home) : context.getDataFile("").toPath())
                .resolve("var/data/transit-state.json"));
        EngineSettings settings = engineSettings(config);
        // the trip sources poll on these, so they exist before the first source is made
        this.sourceThread = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "edgeway-transit-context"));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        TripSource initial;
        try {
            initial = createSource(config);
        } catch (RuntimeException e) {
            sourceThread.shutdownNow();
            throw e;
        }
        this.engineThread = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "edgeway-transit"));
        this.engine = new StopVisitEngine(settings, new Events(), clock, () -> UUID.randomUUID().toString(),
                (trip, when) -> source.tripCompleted(trip, when), this::sequenceHint);
        stateFile.load().ifPresent(engine::restore);
        this.snapshot = new Snapshot(Optional.empty(), Optional.empty(), false, engine.occupancy());
        this.source = initial;
        startSource(initial);
        engineThread.scheduleWithFixedDelay(() -> onEngine(engine::tick), TICK.toMillis(), TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduleOccupancy(config);
        LOG.info("passenger counting started: trip source {}, doors {}, capacity {} seated + {} standing",
                config.source(), Arrays.toString(config.doors()), config.seated_capacity(), config.standing_capacity());
    }

    @Modified
    void modified(TransitConfig next) {
        // everything that can be refused is checked first: a bad value leaves the running configuration as it was
        EngineSettings settings = engineSettings(next);
        TransitConfig previous = config;
        TripSource created = sourceChanged(previous, next) ? createSource(next) : null;
        config = next;
        onEngine(() -> engine.reconfigure(settings));
        if (created != null) {
            TripSource replaced = source;
            source = created;
            replaced.close();
            startSource(created);
        }
        scheduleOccupancy(next);
        LOG.info("passenger counting reconfigured: trip source {}, doors {}", next.source(), Arrays.toString(next.doors()));
    }

    @Deactivate
    void deactivate() {
        source.close();
        try {
            engineThread.submit(() -> {
                stateFile.save(engine.suspend());
                refresh();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("passenger counting did not close cleanly: {}", e.toString());
        }
        engineThread.shutdownNow();
        sourceThread.shutdownNow();
        outbox.flush(cloud);
        if (outbox.size() > 0) {
            LOG.warn("{} APC-V1 messages were not handed to the cloud connection before stopping", outbox.size());
        }
    }

    // ---------------------------------------------------------------- inputs

    @Override
    public void report(DoorReport report) {
        onEngine(() -> engine.report(report));
    }

    @Override
    public void sensorAvailability(String sensor, boolean available, String problem) {
        onEngine(() -> engine.sensorAvailability(sensor, available));
    }

    @Override
    public void onFix(Fix fix) {
        lastFix = fix;
        onEngine(() -> engine.fix(fix));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + CloudPublisher.CONNECTION_NAME + "=default)")
    void bindCloud(CloudPublisher publisher) {
        cloud = publisher;
        outbox.flush(publisher);
    }

    void unbindCloud(CloudPublisher publisher) {
        if (cloud == publisher) {
            cloud = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(TransitListener listener) {
        listeners.add(listener);
    }

    void removeListener(TransitListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- the vehicle context

    @Override
    public Optional<Trip> currentTrip() {
        return snapshot.trip();
    }

    @Override
    public Optional<TripStop> lastStop() {
        return snapshot.lastStop();
    }

    @Override
    public boolean doorsOpen() {
        return snapshot.doorsOpen();
    }

    @Override
    public Occupancy occupancy() {
        return snapshot.occupancy();
    }

    /** @return messages waiting for the cloud connection (for the shell command) */
    int waitingMessages() {
        return outbox.size();
    }

    String tripSource() {
        return config.source();
    }

    // ---------------------------------------------------------------- internals

    private void onEngine(Runnable action) {
        try {
            engineThread.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("passenger counting failed on an input; it goes on with the next", e);
                }
                refresh();
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("passenger counting is stopping; input ignored");
        }
    }

    private void refresh() {
        snapshot = new Snapshot(engine.currentTrip(), engine.lastStop(), engine.doorsOpen(), engine.occupancy());
        outbox.flush(cloud);
    }

    private void startSource(TripSource started) {
        Consumer<Optional<Trip>> onChange = trip -> onEngine(() -> {
            if (source == started) {
                engine.tripChanged(trip);
            }
        });
        sourceThread.execute(() -> {
            try {
                started.start(onChange);
            } catch (RuntimeException e) {
                LOG.error("trip source {} failed to start: {}", config.source(), e.getMessage());
            }
        });
    }

    private OptionalInt sequenceHint() {
        return source.currentStopSequence();
    }

    private void scheduleOccupancy(TransitConfig cfg) {
        // one periodic task: a reconfiguration replaces it (cancel-and-reschedule on the engine thread)
        onEngine(() -> {
            if (occupancyTask != null) {
                occupancyTask.cancel(false);
            }
            occupancyTask = engineThread.scheduleAtFixedRate(() -> onEngine(this::publishOccupancy),
                    cfg.occupancy_interval_s(), cfg.occupancy_interval_s(), TimeUnit.SECONDS);
        });
    }

    private void publishOccupancy() {
        Occupancy occupancy = engine.occupancy();
        Fix fix = lastFix;
        Position position = fix != null && fix.hasPosition()
                && Duration.between(fix.time(), clock.instant()).abs().getSeconds() <= config.max_fix_age_s()
                        ? fix.toPosition() : null;
        String line = engine.currentTrip().map(Trip::line).orElse(null);
        outbox.publish(new Outbox.Message("occupancy", TransitPayloads.occupancy(occupancy, line,
                engine.lastStop().orElse(null), engine.doorsOpen(), position), Qos.AT_MOST_ONCE, true), cloud);
    }

    private TripSource createSource(TransitConfig cfg) {
        String[] stops = cfg.stops();
        switch (cfg.source()) {
            case "none":
                return new ConfiguredTripSource(null, null);
            case "config":
                return ConfiguredTripSource.fromConfig(cfg.line(), cfg.trip_id(), cfg.headsign(), stops,
                        cfg.return_trip_id(), cfg.return_headsign());
            case "gtfs": {
                GtfsIndex index = loadFeed(cfg, true);
                return new GtfsTripSource(index, cfg.gtfs_trip_id(), clock, sourceThread);
            }
            case "ibisip": {
                if (cfg.ibisip_url().isBlank()) {
                    throw new IllegalArgumentException("ibisip.url: required for trip source ibisip");
                }
                URI url;
                try {
                    url = URI.create(cfg.ibisip_url().trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("ibisip.url: '" + cfg.ibisip_url() + "' is not a URL", e);
                }
                GtfsIndex index = cfg.gtfs_feed().isBlank() ? null : loadFeed(cfg, false);
                List<StopPoint> configured = ConfiguredTripSource.parseStops(stops);
                return new CisTripSource(url, Duration.ofMillis(cfg.ibisip_poll_ms()), ref -> {
                    Optional<StopPoint> fromFeed = index == null ? Optional.empty() : index.stop(ref);
                    return fromFeed.isPresent() ? fromFeed
                            : configured.stream().filter(s -> s.stopId().equals(ref)).findFirst();
                }, http, sourceThread);
            }
            default:
                throw new IllegalArgumentException("source: '" + cfg.source() + "' is not one of config, gtfs, ibisip, none");
        }
    }

    private static GtfsIndex loadFeed(TransitConfig cfg, boolean required) {
        if (cfg.gtfs_feed().isBlank()) {
            throw new IllegalArgumentException("gtfs.feed: required for trip source gtfs");
        }
        Set<String> lines = Set.copyOf(Arrays.stream(cfg.gtfs_lines()).map(String::trim).filter(s -> !s.isEmpty()).toList());
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("gtfs.lines: name at least one line to index (route_short_name or route_id)");
        }
        try {
            GtfsIndex index = GtfsIndex.load(Path.of(cfg.gtfs_feed().trim()), lines);
            LOG.info("GTFS feed {} indexed for lines {}: {} trips, {} stop times", cfg.gtfs_feed(), lines,
                    index.tripCount(), index.stopTimeCount());
            return index;
        } catch (GtfsException e) {
            throw new IllegalArgumentException("gtfs.feed: " + e.getMessage(), e);
        }
    }

    private static boolean sourceChanged(TransitConfig a, TransitConfig b) {
        return !a.source().equals(b.source()) || !a.line().equals(b.line()) || !a.trip_id().equals(b.trip_id())
                || !a.headsign().equals(b.headsign()) || !Arrays.equals(a.stops(), b.stops())
                || !a.return_trip_id().equals(b.return_trip_id()) || !a.return_headsign().equals(b.return_headsign())
                || !a.gtfs_feed().equals(b.gtfs_feed()) || !Arrays.equals(a.gtfs_lines(), b.gtfs_lines())
                || !a.gtfs_trip_id().equals(b.gtfs_trip_id()) || !a.ibisip_url().equals(b.ibisip_url())
                || a.ibisip_poll_ms() != b.ibisip_poll_ms();
    }

    static EngineSettings engineSettings(TransitConfig cfg) {
        Set<String> doors = Set.copyOf(Arrays.stream(cfg.doors()).map(String::trim).filter(s -> !s.isEmpty()).toList());
        if (doors.isEmpty()) {
            throw new IllegalArgumentException("doors: name at least one door");
        }
        OccupancyRules rules = new OccupancyRules(cfg.seated_capacity(), cfg.standing_capacity(),
                cfg.occupancy_step_percent(), cfg.many_seats_percent_of_seats(), cfg.crushed_percent(), cfg.full_percent());
        return new EngineSettings(doors, cfg.bay_radius_m(), cfg.max_stop_speed(), Duration.ofSeconds(cfg.close_grace_s()),
                cfg.max_count_step(), Duration.ofSeconds(cfg.max_fix_age_s()), rules);
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The engine's events, on the engine thread: publish, then tell the listeners. */
    private final class Events implements EngineEvents {

        @Override
        public void tripStarted(Trip trip, Instant start) {
            LOG.info("trip {} (line {}) started: {} stops", trip.tripId(), trip.line(), trip.stops().size());
            listeners.forEach(l -> tell(l, () -> l.tripStarted(trip)));
        }

        @Override
        public void visitEnded(StopVisit visit) {
            LOG.debug("stop visit {} at {}: {} in, {} out, load {}", visit.visitId(), visit.stopId(),
                    visit.boardings(), visit.alightings(), visit.occupancyAfter());
            outbox.publish(new Outbox.Message("stopvisit", TransitPayloads.visit(visit), Qos.AT_LEAST_ONCE, false), cloud);
            // the counters as of this visit: after a crash, what the sensors counted since is counted once
            stateFile.save(engine.save());
            publishOccupancy();
            listeners.forEach(l -> tell(l, () -> l.visitEnded(visit)));
        }

        @Override
        public void tripEnded(TripSummary summary) {
            LOG.info("trip {} ended: {} visits, {} in, {} out, imbalance {}", summary.tripId(), summary.visits(),
                    summary.boardings(), summary.alightings(), summary.imbalance());
            outbox.publish(new Outbox.Message("trip", TransitPayloads.trip(summary), Qos.AT_LEAST_ONCE, false), cloud);
            listeners.forEach(l -> tell(l, () -> l.tripEnded(summary)));
        }

        @Override
        public void occupancyChanged(Occupancy occupancy) {
            // read through the snapshot; published periodically and after every visit
        }

        private void tell(TransitListener listener, Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.warn("transit listener {} failed: {}", listener.getClass().getName(), e.toString());
            }
        }
    }
}
