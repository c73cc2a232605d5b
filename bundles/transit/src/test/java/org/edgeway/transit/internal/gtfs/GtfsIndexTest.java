package org.edgeway.transit.internal.gtfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

import org.edgeway.api.transit.StopPoint;
import org.edgeway.api.transit.Trip;
import org.edgeway.api.transit.TripStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GtfsIndexTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    private GtfsIndex load(TestFeed feed, String... lines) throws Exception {
        return GtfsIndex.load(feed.write(dir), Set.of(lines));
    }

    private static Optional<String> id(Optional<Trip> trip) {
        return trip.map(Trip::tripId);
    }

    @Test
    void indexesOnlyTheWantedLineWithQuotedFieldsAndByteOrderMarks() throws Exception {
        GtfsIndex index = load(new TestFeed(), "100");

        assertThat(index.zone()).isEqualTo(BERLIN);
        assertThat(index.lines()).containsExactly("100");
        assertThat(index.tripCount()).isEqualTo(6);
        assertThat(index.stopTimeCount()).isEqualTo(18);
        assertThat(index.trip("200-1")).isEmpty();
        assertThat(index.stop("other")).isEmpty();
        assertThat(index.stop("unused")).isEmpty();

        Trip trip = index.trip("100-1").orElseThrow();
        assertThat(trip.line()).isEqualTo("100");
        assertThat(trip.headsign()).isEqualTo("Alexanderplatz, Berlin");
        assertThat(trip.stops()).containsExactly(
                new TripStop(1, new StopPoint("zoo", "S+U Zoologischer Garten, Berlin", 52.5069, 13.3323)),
                new TripStop(2, new StopPoint("tier", "Tiergarten", 52.514, 13.35)),
                new TripStop(3, new StopPoint("alex", "S+U Alexanderplatz", 52.5219, 13.4132)));
        assertThat(index.stop("zoo")).contains(trip.stops().get(0).stop());
    }

    @Test
    void aLineMatchesTheRouteIdAsWellAndAnEmptySetIndexesEveryRoute() throws Exception {
        GtfsIndex byId = load(new TestFeed(), "r200");
        assertThat(byId.tripCount()).isEqualTo(1);
        assertThat(byId.trip("200-1").orElseThrow().line()).isEqualTo("200");
        assertThat(byId.trip("200-1").orElseThrow().stops()).extracting(s -> s.stop().stopId())
                .containsExactly("other", "zoo");

        GtfsIndex all = load(new TestFeed());
        assertThat(all.tripCount()).isEqualTo(7);
        assertThat(all.lines()).containsExactlyInAnyOrder("100", "200");
    }

    @Test
    void aRouteWithoutShortNameIsKnownByItsId() throws Exception {
        GtfsIndex index = load(new TestFeed().replace("routes.txt", "r200,A,200,", "r200,A,,"), "r200");
        assertThat(index.trip("200-1").orElseThrow().line()).isEqualTo("r200");
    }

    @Test
    void activeTripIsTheRunningOneThatStartedLastElseTheNextWithinHalfAnHour() throws Exception {
        GtfsIndex index = load(new TestFeed(), "100");

        assertThat(id(index.activeTrip(berlin("2026-11-25T08:05:00")))).contains("100-1");
        assertThat(id(index.activeTrip(berlin("2026-11-25T08:00:00")))).contains("100-1");
        // 100-2 (08:30-08:50) and 100-3 (08:35-08:55) both run: the one that started last
        assertThat(id(index.activeTrip(berlin("2026-11-25T08:37:00")))).contains("100-3");
        // nothing runs at 07:40: 100-1 starts within 30 minutes
        assertThat(id(index.activeTrip(berlin("2026-11-25T07:40:00")))).contains("100-1");
        assertThat(index.activeTrip(berlin("2026-11-25T07:20:00"))).isEmpty();
        // the weekday trips do not run on a Saturday
        assertThat(index.activeTrip(berlin("2026-11-28T08:05:00"))).isEmpty();
    }

    @Test
    void tripsPastMidnightRunOnTheirServiceDate() throws Exception {
        GtfsIndex index = load(new TestFeed(), "100");

        // Saturday's service, 24:50-25:10, runs on Sunday 00:50-01:10
        assertThat(id(index.activeTrip(berlin("2026-11-29T01:00:00")))).contains("100-late");
        assertThat(id(index.activeTrip(berlin("2026-11-29T01:10:00")))).contains("100-late");
        // Sunday's service runs on Monday night
        assertThat(id(index.activeTrip(berlin("2026-11-30T01:00:00")))).contains("100-late");
        // Monday's service has no such trip
        assertThat(index.activeTrip(berlin("2026-12-01T01:00:00"))).isEmpty();
        // Friday's neither; but Saturday night's starts within 30 minutes of 00:30
        assertThat(index.activeTrip(berlin("2026-11-28T00:55:00"))).isEmpty();
        assertThat(id(index.activeTrip(berlin("2026-11-29T00:30:00")))).contains("100-late");
    }

    @Test
    void calendarDatesRemoveAndAddServiceDays() throws Exception {
        GtfsIndex index = load(new TestFeed(), "100");

        // Thursday 2026-11-26: weekday service removed, weekend service added
        assertThat(index.activeTrip(berlin("2026-11-26T08:05:00"))).isEmpty();
        assertThat(id(index.activeTrip(berlin("2026-11-27T01:00:00")))).contains("100-late");
        // the Wednesday before is a normal weekday
        assertThat(id(index.activeTrip(berlin("2026-11-25T08:05:00")))).contains("100-1");
    }

    @Test
    void onlyCalendarDatesIsEnough() throws Exception {
        GtfsIndex index = load(new TestFeed().remove("calendar.txt").put("calendar_dates.txt", """
                service_id,date,exception_type
                WD,20261125,1
                """), "100");
        assertThat(id(index.activeTrip(berlin("2026-11-25T08:05:00")))).contains("100-1");
        assertThat(index.activeTrip(berlin("2026-11-24T08:05:00"))).isEmpty();
    }

    @Test
    void nextTripPrefersTheTerminusAndToleratesALateVehicle() throws Exception {
        GtfsIndex index = load(new TestFeed(), "100");

        // 100-1 ended at alex at 08:22: 100-2 leaves alex at 08:30 (100-3 leaves zoo at 08:35)
        assertThat(id(index.nextTrip("100-1", berlin("2026-11-25T08:22:00")))).contains("100-2");
        // 9 minutes late, still 100-2
        assertThat(id(index.nextTrip("100-1", berlin("2026-11-25T08:39:00")))).contains("100-2");
        // 100-2 ended at zoo at 08:52: 100-5 leaves alex at 08:58, but 100-4 leaves zoo at 09:00
        assertThat(id(index.nextTrip("100-2", berlin("2026-11-25T08:52:00")))).contains("100-4");
        // an unknown trip: simply the next one
        assertThat(id(index.nextTrip("nope", berlin("2026-11-25T08:52:00")))).contains("100-5");
    }

    @Test
    void timesCountFromNoonMinusTwelveHoursOnDaylightSavingDays() throws Exception {
        GtfsIndex index = load(new TestFeed(), "100");
        // 2026-03-29: clocks go forward at 02:00; "08:00:00" is 08:00 local time all the same
        Instant reference = index.reference(LocalDate.parse("2026-03-29"));
        assertThat(reference.plusSeconds(8 * 3600))
                .isEqualTo(ZonedDateTime.of(2026, 3, 29, 8, 0, 0, 0, BERLIN).toInstant());
    }

    @Test
    void feedInAFolderAndCrlfLineEndsAreRead() throws Exception {
        TestFeed feed = new TestFeed();
        feed.files.replaceAll((name, content) -> content.replace("\n", "\r\n"));
        GtfsIndex index = GtfsIndex.load(feed.write(dir, "gtfs/"), Set.of("100"));
        assertThat(index.tripCount()).isEqualTo(6);
        assertThat(index.trip("100-1").orElseThrow().headsign()).isEqualTo("Alexanderplatz, Berlin");
    }

    @Test
    void aTripWithAnUnknownStopIsDroppedAndTheRestKept() throws Exception {
        GtfsIndex index = load(new TestFeed().replace("stop_times.txt", "100-1,08:10:00,08:11:00,tier,2",
                "100-1,08:10:00,08:11:00,ghost,2"), "100");
        assertThat(index.trip("100-1")).isEmpty();
        assertThat(index.tripCount()).isEqualTo(5);
        assertThat(index.stopTimeCount()).isEqualTo(15);
        assertThat(index.trip("100-2")).isPresent();
    }

    @Test
    void aTripWithARepeatedStopSequenceIsDropped() throws Exception {
        GtfsIndex index = load(new TestFeed().replace("stop_times.txt", "100-2,08:40:00,08:40:00,tier,2",
                "100-2,08:40:00,08:40:00,tier,1"), "100");
        assertThat(index.trip("100-2")).isEmpty();
        assertThat(index.tripCount()).isEqualTo(5);
    }

    @Test
    void aTripWithoutTimesAtItsEndsIsFoundByIdButNotBySchedule() throws Exception {
        GtfsIndex index = load(new TestFeed().replace("stop_times.txt", "100-1,08:00:00,08:00:00,zoo,1",
                "100-1,,,zoo,1"), "100");
        assertThat(index.trip("100-1")).isPresent();
        // with times, 100-1 would start within 30 minutes of 07:50
        assertThat(index.activeTrip(berlin("2026-11-25T07:50:00"))).isEmpty();
    }

    @Test
    void missingRequiredFileIsAnError() throws Exception {
        assertThatThrownBy(() -> load(new TestFeed().remove("stops.txt"), "100")).isInstanceOf(GtfsException.class)
                .hasMessageContaining("required file stops.txt is missing");
        assertThatThrownBy(() -> load(new TestFeed().remove("calendar.txt").remove("calendar_dates.txt"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("neither calendar.txt nor calendar_dates.txt");
    }

    @Test
    void missingRequiredColumnIsAnError() throws Exception {
        assertThatThrownBy(() -> load(new TestFeed().replace("stop_times.txt", ",stop_sequence\n", ",seq\n"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("stop_times.txt line 1: required column stop_sequence is missing");
        assertThatThrownBy(() -> load(new TestFeed().replace("agency.txt", "agency_timezone", "tz"), "100"))
                .isInstanceOf(GtfsException.class).hasMessageContaining("agency.txt line 1: required column "
                        + "agency_timezone");
    }

    @Test
    void badTimeNamesFileLineAndColumn() throws Exception {
        assertThatThrownBy(() -> load(new TestFeed().replace("stop_times.txt", "100-late,25:00:00,25:00:00",
                "100-late,25:61:00,25:00:00"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("feed")
                .hasMessageContaining("stop_times.txt line 18, column arrival_time")
                .hasMessageContaining("'25:61:00'");
        assertThatThrownBy(() -> load(new TestFeed().replace("stop_times.txt", "100-1,08:00:00,08:00:00",
                "100-1,08:00:00,8h"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("stop_times.txt line 2, column departure_time: '8h' is not a time");
    }

    @Test
    void badRowsOfOtherLinesAreNotParsed() throws Exception {
        GtfsIndex index = load(new TestFeed().replace("stop_times.txt", "200-1,08:00:00,08:00:00",
                "200-1,99:99:99,08:00:00"), "100");
        assertThat(index.tripCount()).isEqualTo(6);
    }

    @Test
    void badCoordinatesOfAServedStopNameFileLineAndColumn() throws Exception {
        assertThatThrownBy(() -> load(new TestFeed().replace("stops.txt", "52.514,13.35", "95.1,13.35"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("stops.txt line 3, column stop_lat: '95.1' is out of range");
        assertThatThrownBy(() -> load(new TestFeed().replace("stops.txt", "52.514,13.35", "52.514,east"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("stops.txt line 3, column stop_lon: 'east' is not a number");
        assertThatThrownBy(() -> load(new TestFeed().replace("stops.txt", "52.514,13.35", "52.514,"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("stops.txt line 3, column stop_lon: must be given with stop_lat");
    }

    @Test
    void aStopWithoutCoordinatesHasNone() throws Exception {
        GtfsIndex index = load(new TestFeed().replace("stops.txt", "52.514,13.35", ","), "100");
        assertThat(index.stop("tier").orElseThrow().hasPosition()).isFalse();
    }

    @Test
    void otherBadInputIsAnErrorNamingWhere() throws Exception {
        assertThatThrownBy(() -> load(new TestFeed(), "999")).isInstanceOf(GtfsException.class)
                .hasMessageContaining("routes.txt has no route with route_short_name or route_id [999]");
        assertThatThrownBy(() -> load(new TestFeed().replace("agency.txt", "Europe/Berlin", "Mars/Olympus"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("agency.txt line 2, column agency_timezone: 'Mars/Olympus' is not a time zone");
        assertThatThrownBy(() -> load(new TestFeed().replace("calendar.txt", "20261231", "20261331"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("calendar.txt line 2, column end_date: '20261331' is not a date");
        assertThatThrownBy(() -> load(new TestFeed().replace("calendar_dates.txt", "WD,20261126,2", "WD,20261126,3"),
                "100")).isInstanceOf(GtfsException.class)
                .hasMessageContaining("calendar_dates.txt line 2, column exception_type");
        assertThatThrownBy(() -> load(new TestFeed().replace("stop_times.txt", "alex,3", "alex,-3"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("column stop_sequence: '-3' is not a non-negative integer");
        assertThatThrownBy(() -> load(new TestFeed().replace("trips.txt", "r100,WD,100-2,", "r100,WD,100-1,"),
                "100")).isInstanceOf(GtfsException.class)
                .hasMessageContaining("trips.txt line 3, column trip_id: trip '100-1' is defined twice");
    }

    @Test
    void brokenCsvQuotingIsAnErrorNamingTheFile() throws Exception {
        assertThatThrownBy(() -> load(new TestFeed().replace("stops.txt", "\"S+U Zoologischer Garten, Berlin\"",
                "\"S+U Zoologischer Garten, Berlin"), "100"))
                .isInstanceOf(GtfsException.class)
                .hasMessageContaining("stops.txt")
                .hasMessageContaining("malformed CSV");
    }

    @Test
    void notAZipIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("feed.zip"), "this is no zip");
        assertThatThrownBy(() -> GtfsIndex.load(file, Set.of("100"))).isInstanceOf(GtfsException.class)
                .hasMessageContaining("feed.zip");
        assertThatThrownBy(() -> GtfsIndex.load(dir.resolve("missing.zip"), Set.of("100")))
                .isInstanceOf(GtfsException.class).hasMessageContaining("missing.zip");
    }

    @Test
    void timesAllowHoursBeyondADayButNotMinutesBeyondAnHour() {
        assertThat(GtfsTime.parse("25:10:00")).isEqualTo(25 * 3600 + 600);
        assertThat(GtfsTime.parse("8:05:09")).isEqualTo(8 * 3600 + 5 * 60 + 9);
        assertThat(GtfsTime.parse("")).isEqualTo(GtfsTime.NONE);
        assertThatThrownBy(() -> GtfsTime.parse("25:61:00")).hasMessageContaining("minutes and seconds");
        assertThatThrownBy(() -> GtfsTime.parse("08:00:60")).hasMessageContaining("minutes and seconds");
        assertThatThrownBy(() -> GtfsTime.parse("08:00")).hasMessageContaining("H:MM:SS");
        assertThatThrownBy(() -> GtfsTime.parse("-1:00:00")).hasMessageContaining("H:MM:SS");
        assertThatThrownBy(() -> GtfsTime.parse("08:0a:00")).hasMessageContaining("H:MM:SS");
    }
}
