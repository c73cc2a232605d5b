package org.edgeway.transit.internal;

import static org.edgeway.transit.internal.Await.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.edgeway.api.cloud.CloudMetrics;
import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.ConnectionStatus;
import org.edgeway.api.cloud.Qos;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.Payload;
import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountQuality;
import org.edgeway.api.transit.DoorReport;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;
import org.edgeway.api.transit.Trip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import com.sun.net.httpserver.HttpServer;

/**
 * The counting component with its real engine and trip sources: configuration, a GTFS feed and an IBIS-IP
 * CustomerInformationService; what it publishes, and its state across a restart.
 */
class TransitComponentTest {

    private static final String[] STOPS = {"S1|Zoo|52.50692|13.33271", "S2|Stern|52.5142|13.3496"};

    @TempDir
    Path home;

    private final RecordingCloud cloud = new RecordingCloud();
    private final List<TransitComponent> started = new CopyOnWriteArrayList<>();
    private HttpServer device;

    @AfterEach
    void stop() {
        started.forEach(TransitComponent::deactivate);
        if (device != null) {
            device.stop(0);
        }
    }

    @Test
    void aConfiguredTripGetsAVisitPublishedAndResumesAfterARestart() throws Exception {
        Map<String, Object> values = Map.of("trip.id", "T1", "line", "100", "stops", STOPS, "close.grace.s", 0);
        TransitComponent transit = start(values);
        await("the configured trip", () -> transit.currentTrip().map(Trip::tripId).orElse("").equals("T1"));

        transit.onFix(new Fix(Instant.now(), FixMode.FIX_3D, 52.50695, 13.33271, 35.0, 0.0, null, 4.0, 9, "test"));
        Instant t = Instant.now();
        transit.report(report("1", t, null, 10, 0)); // baseline
        transit.report(report("1", t.plusSeconds(1), DoorState.OPEN, 10, 0));
        transit.report(report("1", t.plusSeconds(2), null, 13, 1));
        transit.report(report("1", t.plusSeconds(3), DoorState.CLOSED, 14, 1));
        await("the stop visit", () -> !cloud.published("stopvisit").isEmpty());
        Payload visit = cloud.published("stopvisit").get(0);
        assertThat(value(visit, "stop_id")).isEqualTo("S1");
        assertThat(value(visit, "boardings")).isEqualTo(4L);
        assertThat(value(visit, "alightings")).isEqualTo(1L);
        assertThat(value(visit, "door.1.adult.in")).isEqualTo(4L);
        await("the occupancy after the visit", () -> !cloud.published("occupancy").isEmpty());
        assertThat(transit.occupancy().load()).isEqualTo(3);

        transit.deactivate();
        started.remove(transit);
        assertThat(home.resolve("var/data/transit-state.json")).exists();

        // while the gateway is down, the sensor counts two more boardings; the restart resumes the trip
        TransitComponent again = start(values);
        await("the trip resumed", () -> again.currentTrip().isPresent() && again.occupancy().load() == 3);
        again.report(report("1", t.plusSeconds(60), DoorState.OPEN, 16, 1));
        again.report(report("1", t.plusSeconds(61), DoorState.CLOSED, 16, 1));
        await("the second visit", () -> cloud.published("stopvisit").size() == 2);
        Payload second = cloud.published("stopvisit").get(1);
        assertThat(value(second, "boardings")).isEqualTo(2L);
        assertThat(value(second, "trip_boardings")).isEqualTo(6L);
        assertThat(cloud.published("trip")).isEmpty();
    }

    @Test
    void aRefusedChangeKeepsTheRunningTripAndAGoodOneEndsIt() throws Exception {
        TransitComponent transit = start(Map.of("trip.id", "T1", "stops", STOPS));
        await("the configured trip", () -> transit.currentTrip().isPresent());
        assertThatThrownBy(() -> transit.modified(config(Map.of("trip.id", "T2", "stops", new String[] {"S9|Nowhere|x|y"},
                "occupancy.interval.s", 3600)))).hasMessageContaining("stops[0]");
        assertThat(transit.currentTrip().map(Trip::tripId)).contains("T1");

        transit.modified(config(Map.of("trip.id", "T2", "stops", STOPS, "occupancy.interval.s", 3600)));
        await("the new trip", () -> transit.currentTrip().map(Trip::tripId).orElse("").equals("T2"));
        await("the old trip's balance", () -> !cloud.published("trip").isEmpty());
        assertThat(value(cloud.published("trip").get(0), "trip_id")).isEqualTo("T1");
    }

    @Test
    void theTripComesFromAGtfsFeed() throws Exception {
        Path feed = home.resolve("feed.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(feed))) {
            entry(zip, "agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,BVG,https://example.org,Europe/Berlin\n");
            entry(zip, "routes.txt", "route_id,agency_id,route_short_name,route_type\nr100,A,100,3\nr200,A,200,3\n");
            entry(zip, "trips.txt", "route_id,service_id,trip_id,trip_headsign\nr100,ALL,100-1,Alexanderplatz\n"
                    + "r200,ALL,200-1,Elsewhere\n");
            entry(zip, "stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                    + "100-1,08:00:00,08:00:00,zoo,1\n100-1,08:10:00,08:10:00,alex,2\n"
                    + "200-1,09:00:00,09:00:00,other,1\n");
            entry(zip, "stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nzoo,Zoo,52.50692,13.33271\n"
                    + "alex,Alexanderplatz,52.5224,13.4115\nother,Other,52.4,13.2\n");
            entry(zip, "calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                    + "start_date,end_date\nALL,1,1,1,1,1,1,1,20260101,20271231\n");
        }
        TransitComponent transit = start(Map.of("source", "gtfs", "gtfs.feed", feed.toString(),
                "gtfs.lines", new String[] {"100"}, "gtfs.trip.id", "100-1"));
        await("the GTFS trip", () -> transit.currentTrip().isPresent());
        Trip trip = transit.currentTrip().orElseThrow();
        assertThat(trip.tripId()).isEqualTo("100-1");
        assertThat(trip.line()).isEqualTo("100");
        assertThat(trip.stops()).extracting(s -> s.stop().stopId()).containsExactly("zoo", "alex");
        assertThat(trip.stops().get(1).stop().latitude()).isEqualTo(52.5224);
    }

    @Test
    void theTripComesFromTheOnBoardComputerWithCoordinatesFromTheConfiguredStops() throws Exception {
        device = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        device.createContext("/CustomerInformationService/GetAllData", exchange -> {
            byte[] body = CIS_ALL_DATA.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        device.start();
        TransitComponent transit = start(Map.of("source", "ibisip", "ibisip.url",
                "http://127.0.0.1:" + device.getAddress().getPort(), "ibisip.poll.ms", 200, "stops", STOPS));
        await("the on-board computer's trip", () -> transit.currentTrip().isPresent());
        Trip trip = transit.currentTrip().orElseThrow();
        assertThat(trip.tripId()).isEqualTo("100-0815");
        assertThat(trip.line()).isEqualTo("100");
        assertThat(trip.stops()).extracting(s -> s.stop().stopId()).containsExactly("S1", "S2");
        assertThat(trip.stops().get(0).stop().latitude()).isEqualTo(52.50692);
    }

    @Test
    void aBadConfigurationNamesTheKey() {
        assertThatThrownBy(() -> start(Map.of("source", "gtfs"))).hasMessageStartingWith("gtfs.feed");
        assertThatThrownBy(() -> start(Map.of("source", "ibisip"))).hasMessageStartingWith("ibisip.url");
        assertThatThrownBy(() -> start(Map.of("source", "teletext"))).hasMessageStartingWith("source");
        assertThatThrownBy(() -> start(Map.of("doors", new String[] {" "}))).hasMessageStartingWith("doors");
        assertThatThrownBy(() -> start(Map.of("trip.id", "T1", "stops", new String[] {"S1|Zoo|x|y"})))
                .hasMessageContaining("stops[0]");
    }

    private static final String CIS_ALL_DATA = """
            <CustomerInformationService.GetAllDataResponse><AllData>
              <TimeStamp><Value>2026-11-26T12:00:05Z</Value></TimeStamp>
              <TripInformation><TripRef><Value>100-0815</Value></TripRef><StopSequence>
                <StopPoint><StopIndex><Value>1</Value></StopIndex><StopRef><Value>S1</Value></StopRef>
                  <StopName><Value>Zoo</Value></StopName><DisplayContent><LineInformation>
                  <LineNumber><Value>100</Value></LineNumber></LineInformation></DisplayContent></StopPoint>
                <StopPoint><StopIndex><Value>2</Value></StopIndex><StopRef><Value>S2</Value></StopRef>
                  <StopName><Value>Stern</Value></StopName></StopPoint>
              </StopSequence></TripInformation>
              <CurrentStopIndex><Value>1</Value></CurrentStopIndex>
            </AllData></CustomerInformationService.GetAllDataResponse>
            """;

    private TransitComponent start(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(Map.of("occupancy.interval.s", 3600));
        all.putAll(values);
        TransitComponent transit = new TransitComponent(config(all), context());
        transit.bindCloud(cloud);
        started.add(transit);
        return transit;
    }

    private static DoorReport report(String door, Instant time, DoorState state, long in, long out) {
        return new DoorReport("apc", door, time, state, List.of(new ClassCount(ObjectClass.ADULT, in, out,
                CountQuality.REGULAR)));
    }

    private static Object value(Payload payload, String name) {
        return payload.metric(name).map(Metric::value).orElse(null);
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }


    /** The configuration: given values by property name ({@code close.grace.s}), the defaults otherwise. */
    private static TransitConfig config(Map<String, Object> values) {
        return (TransitConfig) Proxy.newProxyInstance(TransitConfig.class.getClassLoader(),
                new Class<?>[] {TransitConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "TransitConfig" + values
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
                    }
                    String property = method.getName().replace('_', '.');
                    return values.containsKey(property) ? values.get(property) : method.getDefaultValue();
                });
    }

    /** A bundle context that only knows the instance home. */
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (isGetProperty(method) && "edgeway.home".equals(args[0])) {
                        return home.toString();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static boolean isGetProperty(Method method) {
        return method.getName().equals("getProperty");
    }

    /** A cloud connection that keeps what it is given. */
    private static final class RecordingCloud implements CloudPublisher {
        private final Map<String, List<Payload>> byTopic = new java.util.concurrent.ConcurrentHashMap<>();

        List<Payload> published(String topic) {
            return byTopic.getOrDefault(topic, List.of());
        }

        @Override
        public void publish(String appId, String appTopic, Payload payload, Qos qos, int priority) {
            byTopic.computeIfAbsent(appTopic, t -> new CopyOnWriteArrayList<>()).add(payload);
        }

        @Override
        public ConnectionStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CloudMetrics metrics() {
            throw new UnsupportedOperationException();
        }
    }
}
