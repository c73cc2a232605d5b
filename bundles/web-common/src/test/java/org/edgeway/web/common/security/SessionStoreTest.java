package org.edgeway.web.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import org.edgeway.web.common.security.SessionStore.Session;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

    private static final Instant START = Instant.parse("2025-03-01T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final SessionStore store =
            new SessionStore(clock, new SecureRandom(), Duration.ofMinutes(30), Duration.ofHours(12), 3);

    @Test
    void createsSessionsWithRandom256BitIdsAndSeparateCsrfTokens() {
        Session session = store.create("admin", "192.0.2.7");

        assertThat(Base64.getUrlDecoder().decode(session.id())).hasSize(32);
        assertThat(session.csrfToken()).isNotEqualTo(session.id());
        assertThat(session.user()).isEqualTo("admin");
        assertThat(session.clientAddress()).isEqualTo("192.0.2.7");
        assertThat(session.created()).isEqualTo(START);
        assertThat(session.lastSeen()).isEqualTo(START);
        assertThat(store.find(session.id())).hasValue(session);

        Session another = store.create("admin", "192.0.2.7");
        assertThat(another.id()).isNotEqualTo(session.id());
        assertThat(another.csrfToken()).isNotEqualTo(session.csrfToken());
    }

    @Test
    void findsNothingForUnknownOrNullIds() {
        store.create("admin", "192.0.2.7");

        assertThat(store.find("unknown")).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void refreshesLastSeenAtEveryFind() {
        Session session = store.create("admin", "192.0.2.7");
        clock.advance(Duration.ofMinutes(10));

        Session found = store.find(session.id()).orElseThrow();

        assertThat(found.lastSeen()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        assertThat(found.created()).isEqualTo(START);
        assertThat(found.csrfToken()).isEqualTo(session.csrfToken());
    }

    @Test
    void endsASessionIdleForLongerThanTheIdleTimeout() {
        Session session = store.create("admin", "192.0.2.7");
        clock.advance(Duration.ofMinutes(30));
        assertThat(store.find(session.id())).isPresent();

        // idle 30 minutes again counts from the last request, not from the login
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));

        assertThat(store.find(session.id())).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void endsASessionAtItsMaximumAgeHoweverBusy() {
        Session session = store.create("admin", "192.0.2.7");
        for (int i = 0; i < 48; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(store.find(session.id())).as("after %d minutes", (i + 1) * 15).isPresent();
        }

        clock.advance(Duration.ofSeconds(1));

        assertThat(store.find(session.id())).isEmpty();
    }

    @Test
    void purgesExpiredSessionsWhenOneIsCreated() {
        store.create("admin", "192.0.2.7");
        store.create("admin", "192.0.2.8");
        clock.advance(Duration.ofHours(1));

        Session fresh = store.create("admin", "192.0.2.9");

        assertThat(store.size()).isEqualTo(1);
        assertThat(store.find(fresh.id())).isPresent();
    }

    @Test
    void dropsTheLeastRecentlySeenSessionBeyondTheMaximum() {
        Session first = store.create("admin", "192.0.2.1");
        clock.advance(Duration.ofSeconds(1));
        Session second = store.create("admin", "192.0.2.2");
        clock.advance(Duration.ofSeconds(1));
        Session third = store.create("admin", "192.0.2.3");
        clock.advance(Duration.ofSeconds(1));
        // the first is used again: now the second is the least recently seen
        store.find(first.id());
        clock.advance(Duration.ofSeconds(1));

        Session fourth = store.create("admin", "192.0.2.4");

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.find(second.id())).isEmpty();
        assertThat(store.find(first.id())).isPresent();
        assertThat(store.find(third.id())).isPresent();
        assertThat(store.find(fourth.id())).isPresent();
    }

    @Test
    void keepsTheNewSessionEvenWhenAllWereSeenAtTheSameInstant() {
        SessionStore single = new SessionStore(clock, new SecureRandom(), Duration.ofMinutes(30), Duration.ofHours(12), 1);
        Session first = single.create("admin", "192.0.2.1");

        Session second = single.create("admin", "192.0.2.2");

        assertThat(single.find(first.id())).isEmpty();
        assertThat(single.find(second.id())).isPresent();
    }

    @Test
    void invalidatesOneSession() {
        Session kept = store.create("admin", "192.0.2.1");
        Session ended = store.create("admin", "192.0.2.2");

        store.invalidate(ended.id());
        store.invalidate("unknown");
        store.invalidate(null);

        assertThat(store.find(ended.id())).isEmpty();
        assertThat(store.find(kept.id())).isPresent();
    }

    @Test
    void invalidatesAllButTheCurrentSession() {
        Session current = store.create("admin", "192.0.2.1");
        Session other = store.create("admin", "192.0.2.2");
        Session third = store.create("admin", "192.0.2.3");

        store.invalidateAllExcept(current.id());

        assertThat(store.size()).isEqualTo(1);
        assertThat(store.find(current.id())).isPresent();
        assertThat(store.find(other.id())).isEmpty();
        assertThat(store.find(third.id())).isEmpty();

        store.invalidateAllExcept(null);

        assertThat(store.size()).isZero();
    }

    @Test
    void invalidatesOnlyTheOtherSessionsOfOneUser() {
        Session current = store.create("alice", "192.0.2.1");
        Session aliceElsewhere = store.create("alice", "192.0.2.2");
        Session bob = store.create("bob", "192.0.2.3");

        store.invalidateUserExcept("alice", current.id());

        assertThat(store.find(current.id())).isPresent();
        assertThat(store.find(aliceElsewhere.id())).isEmpty();
        assertThat(store.find(bob.id())).isPresent();
    }

    @Test
    void keepsSecretsOutOfToString() {
        Session session = store.create("admin", "192.0.2.7");

        assertThat(session.toString())
                .contains("admin", "192.0.2.7")
                .doesNotContain(session.id(), session.csrfToken());
    }

    @Test
    void comparesTokens() {
        assertThat(SessionStore.tokenMatches("abc", "abc")).isTrue();
        assertThat(SessionStore.tokenMatches("abc", "abd")).isFalse();
        assertThat(SessionStore.tokenMatches("abc", "abcd")).isFalse();
        assertThat(SessionStore.tokenMatches("abc", "")).isFalse();
        assertThat(SessionStore.tokenMatches("abc", null)).isFalse();
        assertThat(SessionStore.tokenMatches(null, "abc")).isFalse();
        assertThat(SessionStore.tokenMatches(null, null)).isFalse();
    }

    @Test
    void staysWithinTheMaximumUnderConcurrentLogins() throws InterruptedException {
        SessionStore shared = new SessionStore(clock, new SecureRandom(), Duration.ofMinutes(30), Duration.ofHours(12), 5);
        Set<String> ids = Collections.synchronizedSet(new HashSet<>());
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    Session session = shared.create("admin", "192.0.2.1");
                    ids.add(session.id());
                    shared.find(session.id());
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(ids).hasSize(800);
        assertThat(shared.size()).isEqualTo(5);
    }
}
