package org.edgeway.position.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.api.position.PositionStatus;
import org.edgeway.position.internal.source.MutableClock;
import org.junit.jupiter.api.Test;

class PositionStateTest {

    private final MutableClock clock = MutableClock.at("2024-03-15T12:00:30Z");
    private final List<Fix> heard = new CopyOnWriteArrayList<>();
    private final PositionState state = new PositionState("test", clock, Duration.ofSeconds(10), heard::add);

    private static Fix fixAt(String time) {
        return new Fix(Instant.parse(time), FixMode.FIX_3D, 52.5, 13.4, 34.0, 1.0, 90.0, 4.5, 8, "test");
    }

    @Test
    void beforeAnyReport() {
        assertThat(state.currentFix()).isEmpty();
        assertThat(state.status()).isEqualTo(new PositionStatus("test", false, FixMode.NO_FIX, null, 0, 0, null));
    }

    @Test
    void theCurrentFixAgesOnTheGatewayClockNotTheReceiverTime() {
        // the receiver's clock is an hour behind: that does not make the fix stale
        Fix fix = fixAt("2024-03-15T11:00:30Z");
        state.fix(fix);
        assertThat(state.currentFix()).contains(fix);
        clock.advance(Duration.ofSeconds(10));
        assertThat(state.currentFix()).as("exactly the maximum age").contains(fix);
        clock.advance(Duration.ofMillis(1));
        assertThat(state.currentFix()).isEmpty();
        assertThat(state.status().lastFixTime()).as("receiver time").isEqualTo(fix.time());
        Fix next = fixAt("2024-03-15T11:00:41Z");
        state.fix(next);
        assertThat(state.currentFix()).contains(next);
    }

    @Test
    void noFixReportsChangeTheModeAndReachListenersButKeepTheLastPosition() {
        Fix fix = fixAt("2024-03-15T12:00:29Z");
        state.fix(fix);
        Fix lost = Fix.noFix(Instant.parse("2024-03-15T12:00:30Z"), "test");
        state.fix(lost);
        assertThat(state.status().mode()).isEqualTo(FixMode.NO_FIX);
        assertThat(state.currentFix()).as("the latest fix with a position, still young").contains(fix);
        assertThat(state.noFixReports()).isEqualTo(1);
        assertThat(heard).containsExactly(fix, lost);
    }

    @Test
    void statusCountsAndRemembersTheLastProblem() {
        state.connected(true);
        state.fix(fixAt("2024-03-15T12:00:28Z"));
        state.rejected("checksum mismatch: sentence says 47, computed 46: $GPGGA,...");
        state.ignored("GPGSV");
        state.fix(fixAt("2024-03-15T12:00:29Z"));
        state.rejected("GGA latitude '48O7.038' is not ddmm.mmmm: $GPGGA,...");
        PositionStatus status = state.status();
        assertThat(status.connected()).isTrue();
        assertThat(status.mode()).isEqualTo(FixMode.FIX_3D);
        assertThat(status.fixes()).isEqualTo(2);
        assertThat(status.rejected()).isEqualTo(2);
        assertThat(status.lastFixTime()).isEqualTo(Instant.parse("2024-03-15T12:00:29Z"));
        assertThat(status.lastProblem()).startsWith("GGA latitude");
        assertThat(state.ignored()).isEqualTo(1);
        state.problem("Connection refused");
        state.connected(false);
        assertThat(state.status().lastProblem()).isEqualTo("Connection refused");
        assertThat(state.status().connected()).isFalse();
    }
}
