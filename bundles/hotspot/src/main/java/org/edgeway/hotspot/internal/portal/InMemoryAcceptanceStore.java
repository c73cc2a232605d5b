package org.edgeway.hotspot.internal.portal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Acceptances kept in memory until the end of the day (in a configurable zone) on which they were given: a passenger
 * accepts the terms once per day, and a restart asks again. Pseudonyms rotate daily too, so nothing is kept longer.
 * Expired entries are dropped whenever an acceptance is recorded.
 */
public final class InMemoryAcceptanceStore implements AcceptanceStore {

    /** One acceptance. */
    public record Acceptance(Instant when, String language, Instant expires) {
    }

    private final ZoneId zone;
    private final Clock clock;
    private final ConcurrentMap<String, Acceptance> acceptances = new ConcurrentHashMap<>();

    /** @param zone the zone whose midnight ends an acceptance (e.g. Europe/Berlin) */
    public InMemoryAcceptanceStore(ZoneId zone) {
        this(zone, Clock.systemUTC());
    }

    /** For tests: a clock to decide what has expired. */
    public InMemoryAcceptanceStore(ZoneId zone, Clock clock) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void accept(String pseudonym, Instant when, String language) {
        Objects.requireNonNull(pseudonym, "pseudonym");
        Objects.requireNonNull(when, "when");
        Instant expires = LocalDate.ofInstant(when, zone).plusDays(1).atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        acceptances.values().removeIf(a -> !now.isBefore(a.expires()));
        if (now.isBefore(expires)) {
            acceptances.put(pseudonym, new Acceptance(when, language, expires));
        }
    }

    @Override
    public boolean accepted(String pseudonym) {
        return acceptance(pseudonym).isPresent();
    }

    /** @return the client's acceptance while it holds */
    public Optional<Acceptance> acceptance(String pseudonym) {
        Acceptance acceptance = pseudonym == null ? null : acceptances.get(pseudonym);
        if (acceptance == null || !clock.instant().isBefore(acceptance.expires())) {
            return Optional.empty();
        }
        return Optional.of(acceptance);
    }

    /** Forgets every acceptance (e.g. when the terms change). */
    public void clear() {
        acceptances.clear();
    }
}
