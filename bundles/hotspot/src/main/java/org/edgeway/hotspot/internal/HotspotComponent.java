package org.edgeway.hotspot.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.Qos;
import org.edgeway.api.hotspot.ClientSession;
import org.edgeway.api.hotspot.HotspotService;
import org.edgeway.api.hotspot.HotspotStatus;
import org.edgeway.api.payload.Payload;
import org.edgeway.api.transit.StopVisit;
import org.edgeway.api.transit.TransitListener;
import org.edgeway.api.transit.VehicleContext;
import org.edgeway.hotspot.internal.config.HostapdConfig;
import org.edgeway.hotspot.internal.config.HostapdConfigWriter;
import org.edgeway.hotspot.internal.control.DefaultHostapdClient;
import org.edgeway.hotspot.internal.control.HostapdClient;
import org.edgeway.hotspot.internal.control.HostapdClientSettings;
import org.edgeway.hotspot.internal.control.HostapdException;
import org.edgeway.hotspot.internal.control.HostapdListener;
import org.edgeway.hotspot.internal.control.HostapdStatus;
import org.edgeway.hotspot.internal.control.MacAddress;
import org.edgeway.hotspot.internal.portal.AcceptanceStore;
import org.edgeway.hotspot.internal.portal.ArpTableResolver;
import org.edgeway.hotspot.internal.portal.CaptivePortal;
import org.edgeway.hotspot.internal.portal.ClientDirectory;
import org.edgeway.hotspot.internal.portal.InMemoryAcceptanceStore;
import org.edgeway.hotspot.internal.portal.PortalSettings;
import org.edgeway.hotspot.internal.portal.PortalState;
import org.edgeway.hotspot.internal.session.ModemSignal;
import org.edgeway.hotspot.internal.session.Pseudonymizer;
import org.edgeway.hotspot.internal.session.SessionTracker;
import org.edgeway.hotspot.internal.session.SessionTracker.Deauthentication;
import org.edgeway.hotspot.internal.session.SessionTracker.EndedSession;
import org.edgeway.hotspot.internal.session.Usage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passenger Wi-Fi hotspot: follows hostapd's stations, keeps their sessions under pseudonymous ids, enforces the
 * limits by deauthentication, serves the captive portal, writes hostapd's configuration when asked to, and publishes
 * usage on HOTSPOT-V1 per interval, per stop (when the vehicle context is there) and per ended session.
 * <p>
 * Everything about stations runs on one thread ({@code edgeway-hotspot}): hostapd's events are handed to it, so
 * the session tracker needs no locks. A configuration change restarts the component (sessions are re-read from
 * hostapd's station list at once, so none is lost; only today's totals restart).
 */
@Component(configurationPid = HotspotComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {HotspotService.class, TransitListener.class})
@Designate(ocd = HotspotConfig.class)
public class HotspotComponent implements HotspotService, TransitListener, HostapdListener, ClientDirectory {

    static final String PID = "org.edgeway.hotspot";
    static final String APP_ID = "HOTSPOT-V1";
    private static final Logger LOG = LoggerFactory.getLogger(HotspotComponent.class);

    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService thread;
    private final HostapdClient hostapd;
    private final SessionTracker tracker;
    private final Usage interval;
    private final Usage sinceLastStop;
    private final AcceptanceStore acceptances;
    private final ArpTableResolver arp;
    private final Pseudonymizer pseudonyms;
    private final CaptivePortal portal;
    private final ModemSignal modem = ModemSignal.fromPath();
    private final SessionTracker.Limits limits;
    /** hostapd.conf changed at activation: hostapd is asked to reload once it is reachable. */
    private volatile boolean reloadPending;

    private volatile CloudPublisher cloud;
    private volatile VehicleContext vehicle;
    private volatile HotspotStatus status;
    private volatile List<ClientSession> sessions = List.of();
    private volatile String ssid = "";
    private volatile String lastProblem;

    @Activate
    public HotspotComponent(HotspotConfig config, BundleContext context) throws IOException {
        String home = context.getProperty("edgeway.home");
        Path base = home != null ? Path.of(home) : context.getDataFile("").toPath();
        ZoneId zone = config.day_zone().isBlank() ? ZoneId.systemDefault() : zone(config.day_zone());
        this.limits = new SessionTracker.Limits(Duration.ofMinutes(config.session_max_min()),
                Duration.ofMinutes(config.idle_timeout_min()), config.max_clients(),
                config.daily_quota_mb() * 1_000_000L);
        this.pseudonyms = new Pseudonymizer(base.resolve("var/security/hotspot-day.key"), clock, zone);
        this.tracker = new SessionTracker(pseudonyms, clock, limits, this::sessionEnded);
        this.interval = tracker.newUsage();
        this.sinceLastStop = tracker.newUsage();
        this.acceptances = new InMemoryAcceptanceStore(zone);
        this.arp = new ArpTableResolver(Path.of(config.arp_table()), null);
        if (config.config_manage()) {
            // validated and written before anything starts; hostapd reloads it once the control connection is up
            reloadPending = writeHostapdConfig(config);
        }
        this.hostapd = new DefaultHostapdClient(clientSettings(config, base));
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeway-hotspot");
            t.setDaemon(true);
            return t;
        });
        CaptivePortal started = null;
        if (config.portal_enabled()) {
            started = new CaptivePortal(new PortalSettings(config.portal_address(), config.portal_port(),
                    config.portal_public_host(), 0, config.portal_venue_url(), config.portal_language(),
                    config.portal_title_de(), config.portal_title_en(), config.portal_terms_de(),
                    config.portal_terms_en(), zone), this, acceptances);
            try {
                started.start();
            } catch (IOException e) {
                thread.shutdownNow();
                throw new IOException("captive portal: cannot listen on " + config.portal_address() + ":"
                        + config.portal_port() + ": " + e.getMessage(), e);
            }
        }
        this.portal = started;
        this.status = new HotspotStatus(false, "", 0, 0, 0, 0, null);
        hostapd.start(this);
        thread.scheduleWithFixedDelay(this::poll, 0, config.poll_interval_s(), TimeUnit.SECONDS);
        thread.scheduleAtFixedRate(this::publishUsage, config.telemetry_interval_s(), config.telemetry_interval_s(),
                TimeUnit.SECONDS);
        LOG.info("hotspot: hostapd control {} {}, portal {}, limits: session {} min, idle {} min, {} clients, {} MB/day",
                config.control_transport(), config.control_transport().equals("udp")
                        ? "127.0.0.1:" + config.control_udp_port() : config.control_socket(),
                portal == null ? "off" : config.portal_address() + ":" + portal.port(), config.session_max_min(),
                config.idle_timeout_min(), config.max_clients(), config.daily_quota_mb());
    }

    @Deactivate
    void deactivate() {
        hostapd.close();
        if (portal != null) {
            portal.close();
        }
        try {
            thread.submit(() -> {
                tracker.endAll();
                refresh();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("hotspot did not stop cleanly: {}", e.toString());
        }
        thread.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + CloudPublisher.CONNECTION_NAME + "=default)")
    void bindCloud(CloudPublisher publisher) {
        cloud = publisher;
    }

    void unbindCloud(CloudPublisher publisher) {
        if (cloud == publisher) {
            cloud = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindVehicle(VehicleContext context) {
        vehicle = context;
    }

    void unbindVehicle(VehicleContext context) {
        if (vehicle == context) {
            vehicle = null;
        }
    }

    // ---------------------------------------------------------------- hostapd's events (its client's thread)

    @Override
    public void stationConnected(MacAddress station) {
        onThread(() -> {
            tracker.connected(station);
            enforce();
        });
    }

    @Override
    public void stationDisconnected(MacAddress station) {
        onThread(() -> tracker.disconnected(station));
    }

    @Override
    public void connectionChanged(boolean up, String problem) {
        lastProblem = problem;
        onThread(up ? this::poll : this::refresh);
    }

    // ---------------------------------------------------------------- the portal's view (its request threads)

    @Override
    public Optional<String> pseudonymFor(InetAddress clientAddress) {
        // the station must be one of ours: an address the ARP table maps to a station hostapd lists
        return arp.macFor(clientAddress).map(pseudonyms::pseudonym)
                .filter(id -> sessions.stream().anyMatch(s -> s.clientId().equals(id)));
    }

    @Override
    public PortalState stateOf(String pseudonym) {
        boolean accepted = acceptances.accepted(pseudonym);
        Long secondsRemaining = null;
        if (accepted && !limits.maxSession().isZero()) {
            secondsRemaining = sessions.stream().filter(s -> s.clientId().equals(pseudonym)).findFirst()
                    .map(s -> Math.max(0, limits.maxSession().toSeconds()
                            - Duration.between(s.start(), clock.instant()).toSeconds()))
                    .orElse(null);
        }
        Long bytesRemaining = null;
        if (accepted && limits.dailyQuotaBytes() > 0) {
            long used = sessions.stream().filter(s -> s.clientId().equals(pseudonym))
                    .mapToLong(s -> s.bytesUp() + s.bytesDown()).sum();
            bytesRemaining = Math.max(0, limits.dailyQuotaBytes() - used);
        }
        return new PortalState(secondsRemaining, bytesRemaining, accepted);
    }

    // ---------------------------------------------------------------- the service

    @Override
    public HotspotStatus status() {
        return status;
    }

    @Override
    public List<ClientSession> sessions() {
        return sessions;
    }

    // ---------------------------------------------------------------- per stop

    @Override
    public void visitEnded(StopVisit visit) {
        onThread(() -> {
            Usage.Snapshot ride = sinceLastStop.snapshotAndReset();
            Payload.Builder payload = Payload.builder().timestamp(visit.departure()).position(visit.position())
                    .metric("clients", tracker.clients())
                    .metric("new_sessions", ride.newSessions())
                    .metric("ended_sessions", ride.endedSessions())
                    .metric("bytes_up", ride.bytesUp())
                    .metric("bytes_down", ride.bytesDown());
            if (visit.stopId() != null) {
                payload.metric("stop_id", visit.stopId()).metric("stop_sequence", visit.stopSequence());
            }
            if (visit.tripId() != null) {
                payload.metric("trip_id", visit.tripId()).metric("line", visit.line());
            }
            publish("stop", payload.build(), Qos.AT_LEAST_ONCE);
        });
    }

    // ---------------------------------------------------------------- internals (on the hotspot's thread)

    private void poll() {
        if (!hostapd.connected()) {
            refresh();
            return;
        }
        try {
            if (reloadPending) {
                reloadPending = false;
                LOG.info("hostapd {} the new configuration", hostapd.reload() ? "reloaded" : "refused to reload");
            }
            HostapdStatus hostapdStatus = hostapd.status();
            ssid = hostapdStatus.ssid();
            tracker.poll(hostapd.stations());
            lastProblem = null;
            enforce();
        } catch (HostapdException e) {
            lastProblem = e.getMessage(); // the client logs the episode; its messages carry no MAC address
        } catch (RuntimeException e) {
            LOG.error("hotspot poll failed; next poll goes on", e);
        }
        refresh();
    }

    private void enforce() {
        for (Deauthentication deauth : tracker.enforce()) {
            try {
                boolean ok = hostapd.deauthenticate(deauth.station());
                LOG.info("client {} sent away ({}){}", deauth.clientId(), deauth.reason(),
                        ok ? "" : ": hostapd refused, asked again later");
            } catch (HostapdException e) {
                LOG.warn("cannot send client {} away ({}): {}", deauth.clientId(), deauth.reason(), e.getMessage());
            }
        }
        refresh();
    }

    private void sessionEnded(EndedSession session) {
        Payload.Builder payload = Payload.builder().timestamp(session.end())
                .metric("client_id", session.clientId())
                .metric("start", session.start().toEpochMilli())
                .metric("end", session.end().toEpochMilli())
                .metric("duration_s", session.length().toSeconds())
                .metric("bytes_up", session.bytesUp())
                .metric("bytes_down", session.bytesDown())
                .metric("end_reason", session.endReason());
        if (session.signalDbm() != null) {
            payload.metric("signal_dbm", session.signalDbm());
        }
        publish("session", payload.build(), Qos.AT_LEAST_ONCE);
    }

    private void publishUsage() {
        try {
            Usage.Snapshot period = interval.snapshotAndReset();
            Payload.Builder payload = Payload.builder().timestamp(clock.instant())
                    .metric("clients", tracker.clients())
                    .metric("new_sessions", period.newSessions())
                    .metric("ended_sessions", period.endedSessions())
                    .metric("bytes_up", period.bytesUp())
                    .metric("bytes_down", period.bytesDown())
                    .metric("deauthentications", period.deauthentications())
                    .metric("sessions_today", tracker.sessionsToday())
                    .metric("hostapd_connected", hostapd.connected());
            if (period.meanLengthSeconds() != null) {
                payload.metric("session_length_mean_s", period.meanLengthSeconds())
                        .metric("session_length_median_s", period.medianLengthSeconds())
                        .metric("session_length_max_s", period.maxLengthSeconds());
            }
            VehicleContext context = vehicle;
            if (context != null) {
                context.currentTrip().ifPresent(trip -> payload.metric("trip_id", trip.tripId()).metric("line", trip.line()));
                context.lastStop().ifPresent(stop -> payload.metric("stop_id", stop.stop().stopId()));
            }
            modem.read().ifPresent(signal -> {
                payload.metric("uplink_signal_percent", signal.qualityPercent());
                if (!signal.technology().isEmpty()) {
                    payload.metric("uplink_technology", signal.technology());
                }
            });
            publish("usage", payload.build(), Qos.AT_MOST_ONCE);
        } catch (RuntimeException e) {
            LOG.error("hotspot telemetry failed; the next interval goes on", e);
        }
    }

    private void publish(String topic, Payload payload, Qos qos) {
        CloudPublisher publisher = cloud;
        if (publisher == null) {
            LOG.debug("no cloud connection: {}/{} not published", APP_ID, topic);
            return;
        }
        try {
            publisher.publishAsync(APP_ID, topic, payload, qos, CloudPublisher.PRIORITY_DATA);
        } catch (RuntimeException e) {
            LOG.warn("cannot publish {}/{}: {}", APP_ID, topic, e.getMessage());
        }
    }

    private void refresh() {
        sessions = tracker.sessions(acceptances::accepted);
        status = new HotspotStatus(hostapd.connected(), ssid, tracker.clients(), tracker.sessionsToday(),
                tracker.bytesUpToday(), tracker.bytesDownToday(), lastProblem);
    }

    private void onThread(Runnable action) {
        try {
            thread.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("hotspot failed on an event; it goes on with the next", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("hotspot stopping; event ignored");
        }
    }

    /** @return true when the file changed */
    private static boolean writeHostapdConfig(HotspotConfig config) throws IOException {
        HostapdConfig hostapdConfig = new HostapdConfig(config.interface_name(), HostapdConfig.DEFAULT_DRIVER,
                Path.of(config.control_socket()).getParent() == null ? "/var/run/hostapd"
                        : Path.of(config.control_socket()).getParent().toString(),
                config.ssid(), config.hw_mode().equals("a") ? HostapdConfig.HwMode.A : HostapdConfig.HwMode.G,
                config.channel(), config.country(),
                config.security().equals("wpa2-psk") ? HostapdConfig.Security.WPA2_PSK : HostapdConfig.Security.OPEN,
                config.passphrase(), config.max_stations(), null);
        boolean changed = new HostapdConfigWriter(Path.of(config.config_path())).write(hostapdConfig);
        if (changed) {
            LOG.info("hostapd configuration written to {}", config.config_path());
        }
        return changed;
    }

    static HostapdClientSettings clientSettings(HotspotConfig config, Path base) {
        HostapdClientSettings settings = switch (config.control_transport()) {
            case "unix" -> HostapdClientSettings.unix(base.resolve(config.control_socket()));
            case "udp" -> HostapdClientSettings.udp("127.0.0.1", config.control_udp_port());
            default -> throw new IllegalArgumentException("control.transport: '" + config.control_transport()
                    + "' is not unix or udp");
        };
        return settings.withRequestTimeout(Duration.ofMillis(config.control_timeout_ms()));
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("day.zone: '" + id + "' is not a time zone id (e.g. Europe/Berlin)", e);
        }
    }
}
