package org.edgeway.demo.internal.hostapd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptTest {

    private static final Scenario BUSY = new Scenario(10, 120, 8, 0.3, 0.2, 42);

    @TempDir
    Path temp;
    private final TestClock clock = new TestClock();

    private HostapdSimulator simulator() {
        // not started: the script only needs the station model
        return new HostapdSimulator(ControlInterface.unix(temp, "wlan0"), "Bus WiFi", 6, clock);
    }

    @Test
    void passengersArriveUseDataAndLeave() {
        HostapdSimulator simulator = simulator();
        Script script = new Script(simulator, BUSY, clock);
        Set<Mac> seen = new HashSet<>();
        long maxInactive = 0;
        long maxDown = 0;
        for (int second = 0; second < 1800; second++) {
            script.tick();
            for (Station station : simulator.stations()) {
                seen.add(station.mac());
                maxInactive = Math.max(maxInactive, station.inactiveMillis(clock.millis()));
                maxDown = Math.max(maxDown, station.txBytes());
                assertThat(station.signal()).isBetween(Script.MIN_SIGNAL, Script.MAX_SIGNAL);
            }
            assertThat(simulator.stationCount()).isLessThanOrEqualTo(BUSY.maxStations());
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(script.arrivals()).isGreaterThan(20);
        assertThat(script.departures()).isGreaterThan(10);
        assertThat(script.passengers()).isEqualTo(simulator.stationCount());
        assertThat(seen).hasSize((int) script.arrivals());
        assertThat(maxInactive).as("idle passengers let inactive_msec grow").isGreaterThan(60_000);
        assertThat(maxDown).as("heavy users move megabytes").isGreaterThan(50_000_000);
        assertThat(seen).allSatisfy(mac -> {
            assertThat(mac.locallyAdministered()).isTrue();
            assertThat(mac.unicast()).isTrue();
        });
    }

    @Test
    void theFirstPassengerBoardsAtOnceTransfersDataAndLeavesAfterTheStay() {
        HostapdSimulator simulator = simulator();
        // arrivals hours apart: only the first passenger, who boards on the first tick
        Script script = new Script(simulator, new Scenario(36_000, 30, 5, 0, 0, 7), clock);
        script.tick();
        assertThat(simulator.stationCount()).isEqualTo(1);
        Mac mac = simulator.stations().get(0).mac();
        long mostDown = 0;
        for (int second = 0; second < 3600 && script.departures() == 0; second++) {
            clock.advance(Duration.ofSeconds(1));
            script.tick();
            mostDown = Math.max(mostDown, simulator.station(mac).map(Station::txBytes).orElse(0L));
        }
        assertThat(script.departures()).isEqualTo(1);
        assertThat(script.arrivals()).isEqualTo(1);
        assertThat(simulator.station(mac)).isEmpty();
        assertThat(mostDown).as("a normal passenger browses").isPositive();
    }

    @Test
    void theSameSeedPlaysTheSameScript() {
        assertThat(macsAfterTenMinutes(new TestClock())).isEqualTo(macsAfterTenMinutes(new TestClock()));
    }

    private List<String> macsAfterTenMinutes(TestClock ownClock) {
        HostapdSimulator simulator = new HostapdSimulator(ControlInterface.unix(temp, "wlan0"), "Bus WiFi", 6, ownClock);
        Script script = new Script(simulator, BUSY, ownClock);
        for (int second = 0; second < 600; second++) {
            script.tick();
            ownClock.advance(Duration.ofSeconds(1));
        }
        return simulator.stations().stream().map(station -> station.mac().text() + " " + station.rxBytes()).toList();
    }

    @Test
    void aDeauthenticatedPassengerIsGoneForGood() throws IOException {
        HostapdSimulator simulator = simulator();
        Script script = new Script(simulator, new Scenario(10_000, 600, 5, 0, 0, 3), clock);
        script.tick();
        Mac mac = simulator.stations().get(0).mac();
        simulator.disconnect(mac); // what DEAUTHENTICATE does
        clock.advance(Duration.ofSeconds(1));
        script.tick();
        assertThat(script.passengers()).isZero();
        assertThat(script.deauthenticated()).isEqualTo(1);
        assertThat(script.departures()).isZero();
        assertThat(simulator.station(mac)).isEmpty();
    }

    @Test
    void noArrivalWhileFull() {
        HostapdSimulator simulator = simulator();
        Script script = new Script(simulator, new Scenario(1, 86_400, 3, 0, 0, 5), clock);
        for (int second = 0; second < 120; second++) {
            script.tick();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(simulator.stationCount()).isEqualTo(3);
        assertThat(script.arrivals()).isEqualTo(3);
    }
}
