package org.edgeway.transit.internal.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.edgeway.api.transit.Trip;
import org.junit.jupiter.api.Test;

class ConfiguredTripSourceTest {

    private static final String[] STOPS = {"S1|Zoo|52.5069|13.3326", "S2|Stern|52.5145|13.3501", "S3|Tor"};

    @Test
    void theConfiguredTripAndItsReturnAlternateAtTheTerminus() {
        ConfiguredTripSource source = ConfiguredTripSource.fromConfig("100", "out", "Tor", STOPS, "back", "Zoo");
        List<Optional<Trip>> changes = new ArrayList<>();
        source.start(changes::add);
        Trip out = changes.get(0).orElseThrow();
        assertThat(out.stops()).extracting(s -> s.stop().stopId()).containsExactly("S1", "S2", "S3");
        assertThat(out.stops()).extracting(s -> s.sequence()).containsExactly(1, 2, 3);
        assertThat(out.stops().get(2).stop().hasPosition()).isFalse();

        Trip back = source.tripCompleted(out, Instant.now()).orElseThrow();
        assertThat(back.tripId()).isEqualTo("back");
        assertThat(back.headsign()).isEqualTo("Zoo");
        assertThat(back.stops()).extracting(s -> s.stop().stopId()).containsExactly("S3", "S2", "S1");
        assertThat(source.currentTrip()).contains(back);
        assertThat(source.tripCompleted(back, Instant.now())).contains(out);
    }

    @Test
    void withoutAReturnTripTheSameTripRunsAgain() {
        ConfiguredTripSource source = ConfiguredTripSource.fromConfig("100", "ring", "", STOPS, "", "");
        Trip ring = source.currentTrip().orElseThrow();
        assertThat(source.tripCompleted(ring, Instant.now())).contains(ring);
    }

    @Test
    void noTripIdAndNoStopsMeansNoTrip() {
        assertThat(ConfiguredTripSource.fromConfig("", "", "", new String[0], "", "").currentTrip()).isEmpty();
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> ConfiguredTripSource.fromConfig("1", "t", "", new String[] {"S1|Zoo|north|13.3"}, "", ""))
                .hasMessageContaining("stops[0] 'S1|Zoo|north|13.3'");
        assertThatThrownBy(() -> ConfiguredTripSource.fromConfig("1", "t", "", new String[] {"S1|Zoo|95|13.3"}, "", ""))
                .hasMessageContaining("stops[0]").hasMessageContaining("latitude");
        assertThatThrownBy(() -> ConfiguredTripSource.fromConfig("1", "t", "", new String[] {"S1"}, "", ""))
                .hasMessageContaining("expected 'stopId|name|latitude|longitude'");
        assertThatThrownBy(() -> ConfiguredTripSource.fromConfig("1", "", "", STOPS, "", ""))
                .hasMessageContaining("trip.id");
    }
}
