package org.edgeway.position.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.api.position.PositionService;
import org.edgeway.api.position.PositionStatus;
import org.edgeway.position.internal.source.MutableClock;
import org.junit.jupiter.api.Test;

class PositionShellCommandsTest {

    private final MutableClock clock = MutableClock.at("2024-03-15T12:00:31Z");

    private static PositionService service(PositionStatus status, Fix fix) {
        return new PositionService() {
            @Override
            public Optional<Fix> currentFix() {
                return Optional.ofNullable(fix);
            }

            @Override
            public PositionStatus status() {
                return status;
            }
        };
    }

    @Test
    void showsStatusAndTheCurrentFix() {
        Fix fix = new Fix(Instant.parse("2024-03-15T12:00:29Z"), FixMode.FIX_3D, 52.5, 13.383333, 34.5, 5.144,
                271.5, 4.5, 9, "gpsd:127.0.0.1:2947");
        String out = new PositionShellCommands(service(new PositionStatus("gpsd:127.0.0.1:2947", true,
                FixMode.FIX_3D, fix.time(), 120, 3, "checksum mismatch"), fix), clock).position();
        assertThat(out).contains("source    gpsd:127.0.0.1:2947 (connected)")
                .contains("mode      FIX_3D")
                .contains("reports   120 with a position, 3 rejected")
                .contains("last fix  2024-03-15T12:00:29Z (receiver time)")
                .contains("problem   checksum mismatch")
                .contains("current   FIX_3D 52.500000 13.383333  alt 34.5 m  speed 5.1 m/s (18.5 km/h)  track 271.5 deg"
                        + "  error 4.5 m  9 satellites  at 2024-03-15T12:00:29Z (2 s before the gateway clock)");
    }

    @Test
    void withoutFixOrService() {
        String out = new PositionShellCommands(service(new PositionStatus("nmea-serial:/dev/ttyUSB0", false,
                FixMode.NO_FIX, null, 0, 0, null), null), clock).position();
        assertThat(out).contains("(not connected)").contains("current   none").doesNotContain("problem")
                .doesNotContain("last fix");
        assertThat(new PositionShellCommands(null, clock).position()).startsWith("no position service");
    }
}
