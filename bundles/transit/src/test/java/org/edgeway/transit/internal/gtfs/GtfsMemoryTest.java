package org.edgeway.transit.internal.gtfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A feed with over a million stop_times indexes one line in a 64 MiB heap. */
@Timeout(300)
class GtfsMemoryTest {

    static final int ROUTES = 200;
    static final int TRIPS_PER_ROUTE = 100;
    static final int STOPS_PER_TRIP = 52;
    static final int STOPS = 3000;

    @TempDir
    static Path dir;
    static Path feed;

    @BeforeAll
    static void writeFeed() throws IOException {
        feed = dir.resolve("big-feed.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(feed));
                Writer out = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16)) {
            entry(zip, out, "agency.txt");
            out.write("agency_id,agency_name,agency_url,agency_timezone\nA,Big,https://example.org,Europe/Berlin\n");
            entry(zip, out, "routes.txt");
            out.write("route_id,agency_id,route_short_name,route_type\n");
            for (int r = 0; r < ROUTES; r++) {
                out.write("R" + r + ",A,L" + r + ",3\n");
            }
            entry(zip, out, "trips.txt");
            out.write("route_id,service_id,trip_id,trip_headsign\n");
            for (int r = 0; r < ROUTES; r++) {
                for (int t = 0; t < TRIPS_PER_ROUTE; t++) {
                    out.write("R" + r + ",S" + (t % 3) + ",T" + r + "-" + t + ",Headsign " + r + "\n");
                }
            }
            // trips interleaved, as exports often are: every route's rows are spread over the whole file
            entry(zip, out, "stop_times.txt");
            out.write("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
            for (int s = 0; s < STOPS_PER_TRIP; s++) {
                for (int r = 0; r < ROUTES; r++) {
                    for (int t = 0; t < TRIPS_PER_ROUTE; t++) {
                        int time = 5 * 3600 + t * 600 + s * 90;
                        String hms = GtfsTime.format(time);
                        out.write("T" + r + "-" + t + "," + hms + "," + hms + ",P" + ((r * 7 + s) % STOPS) + ","
                                + (s + 1) + "\n");
                    }
                }
            }
            entry(zip, out, "stops.txt");
            out.write("stop_id,stop_name,stop_lat,stop_lon\n");
            for (int p = 0; p < STOPS; p++) {
                out.write("P" + p + ",Stop " + p + "," + (52 + p / 10000.0) + "," + (13 + p / 10000.0) + "\n");
            }
            entry(zip, out, "calendar.txt");
            out.write("service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n");
            for (int s = 0; s < 3; s++) {
                out.write("S" + s + ",1,1,1,1,1,1,1,20260101,20261231\n");
            }
            out.flush();
            zip.closeEntry();
        }
    }

    private static void entry(ZipOutputStream zip, Writer out, String name) throws IOException {
        out.flush();
        zip.putNextEntry(new ZipEntry(name));
    }

    @Test
    void oneLineOfAMillionStopTimesIndexesIn64MiB() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                GtfsLoadMain.class.getName(), feed.toString(), "L7").redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child ended").isTrue();
        assertThat(process.exitValue()).as("exit value; output:\n%s", output).isZero();
        assertThat(output).contains("trips=" + TRIPS_PER_ROUTE + " stopTimes=" + TRIPS_PER_ROUTE * STOPS_PER_TRIP
                + " maxHeapMiB=");
    }

    @Test
    void inProcessTheCountsAndTripsAreRight() throws Exception {
        assertThat(ROUTES * TRIPS_PER_ROUTE * STOPS_PER_TRIP).isGreaterThan(1_000_000);
        GtfsIndex index = GtfsIndex.load(feed, Set.of("L7"));
        assertThat(index.tripCount()).isEqualTo(TRIPS_PER_ROUTE);
        assertThat(index.stopTimeCount()).isEqualTo(TRIPS_PER_ROUTE * STOPS_PER_TRIP);
        assertThat(index.trip("T7-3").orElseThrow().stops()).hasSize(STOPS_PER_TRIP)
                .first().satisfies(s -> assertThat(s.stop().stopId()).isEqualTo("P49"));
        assertThat(index.trip("T8-3")).isEmpty();
        // T7-30 runs 10:00 - 11:16:30 local, every day
        assertThat(index.activeTrip(Instant.parse("2026-06-10T08:05:00Z")).orElseThrow().tripId())
                .isEqualTo("T7-30");
    }
}
