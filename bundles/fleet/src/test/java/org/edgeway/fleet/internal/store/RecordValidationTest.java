package org.edgeway.fleet.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every record refuses bad input with a message naming the field. */
class RecordValidationTest {

    private static final Instant T = Instant.parse("2026-03-28T07:00:00Z");

    private static StopVisitRecord visit(String visitId, int boardings, Map<String, Integer> doors, String stopName,
            Double latitude) {
        return new StopVisitRecord("edgeway", "bus-1", visitId, "T1", T, "100", "A", 1, stopName, T,
                T.plusSeconds(30), boardings, 0, 0, "", doors, latitude, latitude == null ? null : 13.4);
    }

    @Test
    void stopVisitsRefuseBadFields() {
        assertThatThrownBy(() -> visit("v".repeat(256), 1, Map.of(), "A", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visitId")
                .hasMessageContaining("255");
        assertThatThrownBy(() -> visit(null, 1, Map.of(), "A", null)).hasMessageContaining("visitId");
        assertThatThrownBy(() -> visit("v1", -1, Map.of(), "A", null)).hasMessageContaining("boardings");
        assertThatThrownBy(() -> visit("v1", 1, Map.of("1.adult.sideways", 1), "A", null))
                .hasMessageContaining("doorCounts");
        assertThatThrownBy(() -> visit("v1", 1, Map.of("1.adult.in", -2), "A", null))
                .hasMessageContaining("doorCounts 1.adult.in");
        assertThatThrownBy(() -> visit("v1", 1, Map.of(), "A\0B", null)).hasMessageContaining("stopName")
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> visit("v1", 1, Map.of(), "A", 91.0)).hasMessageContaining("latitude");
        assertThatThrownBy(() -> visit("v1", 1, Map.of(), "A", Double.NaN)).hasMessageContaining("latitude");
        assertThatThrownBy(() -> new StopVisitRecord("edgeway", "bus-1", "v1", null, null, null, null, null, null, T,
                T.minusSeconds(1), 0, 0, 0, null, null, null, null)).hasMessageContaining("departure");
        assertThatThrownBy(() -> new StopVisitRecord("edgeway", "bus-1", "v1", "T1", null, null, null, null, null, T,
                T, 0, 0, 0, null, null, null, null)).hasMessageContaining("tripStart");
        StopVisitRecord minimal = new StopVisitRecord("edgeway", "bus-1", "v1", null, null, null, null, null, null, T,
                T, 0, 0, 0, null, null, null, null);
        assertThat(minimal.quality()).isEmpty();
        assertThat(minimal.doorCounts()).isEmpty();
    }

    @Test
    void otherRecordsRefuseBadFields() {
        assertThatThrownBy(() -> new TripRecord("edgeway", "bus-1", "T1", T, T.minusSeconds(1), "100", 1, 1, 1, 0, 0))
                .hasMessageContaining("tripEnd");
        assertThatThrownBy(() -> new TripRecord("edgeway", "bus-1", "T1", T, T, "100", 1, 1, -1, 0, 0))
                .hasMessageContaining("alightings");
        assertThatThrownBy(() -> new EnergyInterval("edgeway", "depot", "m", T, T, 1, "GOOD"))
                .hasMessageContaining("end");
        assertThatThrownBy(() -> new EnergyInterval("edgeway", "depot", "m", T, T.plusSeconds(900), -0.5, "GOOD"))
                .hasMessageContaining("kwh");
        assertThatThrownBy(() -> new EnergyInterval("edgeway", "depot", "m", T, T.plusSeconds(900),
                Double.POSITIVE_INFINITY, "GOOD")).hasMessageContaining("kwh");
        assertThatThrownBy(() -> new OccupancyRecord("edgeway", "bus-1", T, -1, null, null, null, false, null, null,
                null, null, null, null)).hasMessageContaining("load");
        assertThatThrownBy(() -> new GatewayBirth("", "bus-1", T, Map.of(), List.of(), null, null))
                .hasMessageContaining("account");
        assertThatThrownBy(() -> new GatewayBirth("edgeway", "bus-1", T, Map.of("display_name", "x".repeat(5000)),
                List.of(), null, null)).hasMessageContaining("display_name");
        assertThatThrownBy(() -> new GatewayBirth("edgeway", "bus-1", T, Map.of(), List.of(
                new InstalledPackage("a", "1"), new InstalledPackage("a", "2")), null, null))
                .hasMessageContaining("packages");
        assertThatThrownBy(() -> new GatewayBirth("edgeway", "bus-1", T, Map.of(), List.of(), 1.0, null))
                .hasMessageContaining("longitude");
        assertThatThrownBy(() -> new InstalledPackage(null, "1")).hasMessageContaining("package name");
    }

    @Test
    void settingsAreCheckedAndNeverShowThePassword() {
        DatabaseSettings pg = DatabaseSettings.postgresql("jdbc:postgresql://db:5432/fleet?password=inurl",
                "console", "s3cret-pw".toCharArray(), 5);
        assertThat(pg.toString()).contains("db:5432/fleet").contains("console").doesNotContain("s3cret-pw")
                .doesNotContain("inurl");
        assertThat(new String(pg.password())).isEqualTo("s3cret-pw");
        assertThat(DatabaseSettings.h2("/tmp/x.mv.db").h2File()).isEqualTo("/tmp/x");
        assertThatThrownBy(() -> new DatabaseSettings("mysql", null, null, null, null, 5)).hasMessageContaining("kind");
        assertThatThrownBy(() -> new DatabaseSettings("h2", null, null, null, null, 5)).hasMessageContaining("h2File");
        assertThatThrownBy(() -> new DatabaseSettings("postgresql", null, "jdbc:mysql://x", null, null, 5))
                .hasMessageContaining("url");
        assertThatThrownBy(() -> new DatabaseSettings("h2", "/tmp/x", null, null, null, 0))
                .hasMessageContaining("maxPoolSize");
    }
}
