package org.edgeway.hotspot.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.edgeway.hotspot.internal.control.MacAddress;
import org.edgeway.hotspot.internal.control.StationInfo;
import org.edgeway.hotspot.internal.session.SessionTracker.Deauthentication;
import org.edgeway.hotspot.internal.session.SessionTracker.EndedSession;
import org.edgeway.hotspot.internal.session.SessionTracker.Limits;
import org.edgeway.hotspot.internal.session.SessionTracker.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTrackerTest {

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:0c");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));
    private final List<EndedSession> ended = new ArrayList<>();
    private Pseudonymizer pseudonyms;
    private SessionTracker tracker;

    @BeforeEach
    void setUp() {
        pseudonyms = new Pseudonymizer(dir.resolve("security/hotspot-day.key"), clock, ZoneOffset.UTC);
        tracker = new SessionTracker(pseudonyms, clock, Limits.none(), ended::add);
    }

    @Test
    void sessionsFollowEventsAndPollsWithBytesAndPseudonymousIds() {
        Usage interval = tracker.newUsage();
        tracker.connected(A);
        clock.advance(Duration.ofSeconds(10));
        tracker.poll(List.of(station(A, 1000, 5000, 0, -60), station(B, 10, 20, 0, -70))); // B's event was lost
        clock.advance(Duration.ofSeconds(10));
        tracker.poll(List.of(station(A, 1500, 9000, 0, -58), station(B, 10, 20, 0, -70)));
        assertThat(tracker.clients()).isEqualTo(2);
        assertThat(tracker.sessions(id -> false)).first().satisfies(s -> {
            assertThat(s.clientId()).isEqualTo(pseudonyms.pseudonym(A)).hasSize(16).doesNotContain(":");
            assertThat(s.bytesUp()).isEqualTo(1500);
            assertThat(s.bytesDown()).isEqualTo(9000);
            assertThat(s.signalDbm()).isEqualTo(-58);
        });

        tracker.disconnected(A);
        clock.advance(Duration.ofSeconds(5));
        tracker.poll(List.of()); // B left while the event was lost
        assertThat(ended).extracting(EndedSession::endReason).containsExactly("disconnected", "disconnected");
        assertThat(ended.get(0).length()).isEqualTo(Duration.ofSeconds(20));
        assertThat(ended.get(0).clientId()).isEqualTo(pseudonyms.pseudonym(A));

        Usage.Snapshot snapshot = interval.snapshotAndReset();
        assertThat(snapshot.newSessions()).isEqualTo(2);
        assertThat(snapshot.endedSessions()).isEqualTo(2);
        assertThat(snapshot.bytesUp()).isEqualTo(1510);
        assertThat(snapshot.bytesDown()).isEqualTo(9020);
        assertThat(snapshot.maxLengthSeconds()).isEqualTo(20); // Alice 20 s, Bob (from his first poll) 15 s
        assertThat(interval.snapshotAndReset().newSessions()).isZero();
        assertThat(tracker.sessionsToday()).isEqualTo(2);
    }

    @Test
    void limitsAskForDeauthenticationOncePerWhileWithTheReason() {
        tracker.limits(new Limits(Duration.ofMinutes(30), Duration.ofMinutes(5), 2, 10_000));
        tracker.connected(A);
        tracker.connected(B);
        tracker.connected(C); // one too many: the newest goes
        assertThat(tracker.enforce()).extracting(Deauthentication::station, Deauthentication::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(C, Reason.MAX_CLIENTS));
        assertThat(tracker.enforce()).isEmpty(); // not asked again at once
        tracker.disconnected(C);

        tracker.poll(List.of(station(A, 6_000, 5_000, 0, -60), station(B, 0, 0, 6 * 60_000, -60)));
        assertThat(tracker.enforce()).extracting(Deauthentication::station, Deauthentication::reason)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(A, Reason.QUOTA),
                        org.assertj.core.groups.Tuple.tuple(B, Reason.IDLE));
        tracker.disconnected(A);
        assertThat(ended).extracting(EndedSession::endReason).contains("QUOTA");

        // A comes back the same day: its quota is still used up
        tracker.connected(A);
        assertThat(tracker.enforce()).extracting(Deauthentication::reason).contains(Reason.QUOTA);
        clock.advance(Duration.ofMinutes(31));
        tracker.poll(List.of(station(B, 0, 0, 0, -60)));
        assertThat(tracker.enforce()).extracting(Deauthentication::station, Deauthentication::reason)
                .contains(org.assertj.core.groups.Tuple.tuple(B, Reason.SESSION_TIME));
    }

    @Test
    void theIdChangesWithTheDayAndTheKeyStaysOnTheDeviceReadableByItsOwnerOnly() throws Exception {
        String today = pseudonyms.pseudonym(A);
        assertThat(new Pseudonymizer(dir.resolve("security/hotspot-day.key"), clock, ZoneOffset.UTC).pseudonym(A))
                .as("a restart within the day keeps the id").isEqualTo(today);
        assertThat(Files.getPosixFilePermissions(dir.resolve("security/hotspot-day.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(pseudonyms.pseudonym(B)).isNotEqualTo(today);
        clock.advance(Duration.ofDays(1));
        assertThat(pseudonyms.pseudonym(A)).isNotEqualTo(today);
        assertThat(Files.readString(dir.resolve("security/hotspot-day.key"))).startsWith("2026-11-27 ");
    }

    @Test
    void aNewDayResetsTheQuotaAndTodaysTotals() {
        tracker.limits(new Limits(Duration.ZERO, Duration.ZERO, 0, 1000));
        tracker.poll(List.of(station(A, 2000, 0, 0, -60)));
        assertThat(tracker.enforce()).hasSize(1);
        tracker.disconnected(A);
        clock.advance(Duration.ofDays(1));
        tracker.connected(A);
        assertThat(tracker.enforce()).isEmpty();
        assertThat(tracker.bytesUpToday()).isZero();
        assertThat(tracker.sessionsToday()).isEqualTo(1);
    }

    private static StationInfo station(MacAddress mac, long rx, long tx, long inactiveMillis, int signal) {
        return new StationInfo(mac, rx, tx, inactiveMillis, signal, null);
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }
    }
}
