package org.edgeway.web.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's login sessions, in memory only (a restart logs everybody out). A session ends when it is idle for
 * longer than the idle timeout, when it is older than the maximum age, or when it is invalidated; expiry is checked
 * when a session is looked up, and expired sessions are purged when one is created. Thread-safe.
 */
public final class SessionStore {

    private static final int SECRET_BYTES = 32;

    /**
     * A login session. Its {@code id} (the cookie) and {@code csrfToken} are secrets and stay out of
     * {@link #toString()}.
     */
    public record Session(String id, String user, String csrfToken, String clientAddress, Instant created,
            Instant lastSeen) {

        public Session {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(csrfToken, "csrfToken");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(lastSeen, "lastSeen");
        }

        Session seenAt(Instant now) {
            return new Session(id, user, csrfToken, clientAddress, created, now);
        }

        @Override
        public String toString() {
            return "Session[user=" + user + ", clientAddress=" + clientAddress + ", created=" + created
                    + ", lastSeen=" + lastSeen + "]";
        }
    }

    private final Clock clock;
    private final SecureRandom random;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final int maxSessions;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public SessionStore(Clock clock, SecureRandom random, Duration idleTimeout, Duration maxAge, int maxSessions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.idleTimeout = requirePositive(idleTimeout, "idleTimeout");
        this.maxAge = requirePositive(maxAge, "maxAge");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, not " + maxSessions);
        }
        this.maxSessions = maxSessions;
    }

    /** @return a new session with a new random id and CSRF token; the least recently seen one goes if too many */
    public synchronized Session create(String user, String clientAddress) {
        Instant now = clock.instant();
        purgeExpired(now);
        Session session = new Session(newSecret(), user, newSecret(), clientAddress, now, now);
        sessions.put(session.id(), session);
        while (sessions.size() > maxSessions) {
            sessions.values().stream()
                    .filter(other -> !other.id().equals(session.id()))
                    .min(Comparator.comparing(Session::lastSeen))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        return session;
    }

    /** @return the live session of {@code id}, now marked as seen; empty if unknown or expired (and then gone) */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // atomic per session: an expired one is removed, a live one updated, without a window between check and act
        return Optional.ofNullable(
                sessions.computeIfPresent(id, (key, session) -> isExpired(session, now) ? null : session.seenAt(now)));
    }

    /** Ends the session {@code id} (logout); nothing happens if there is none. */
    public void invalidate(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session except {@code id} (after a password change); a null {@code id} ends them all. */
    public void invalidateAllExcept(String id) {
        sessions.keySet().removeIf(key -> !key.equals(id));
    }

    /** Ends every session of {@code user} except {@code id} (after that user's password change). */
    public void invalidateUserExcept(String user, String id) {
        sessions.entrySet().removeIf(e -> e.getValue().user().equals(user) && !e.getKey().equals(id));
    }

    /** @return how many sessions are live */
    public int size() {
        purgeExpired(clock.instant());
        return sessions.size();
    }

    /** @return whether {@code given} equals {@code expected}, in constant time; false if either is null */
    public static boolean tokenMatches(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private void purgeExpired(Instant now) {
        sessions.values().removeIf(session -> isExpired(session, now));
    }

    private boolean isExpired(Session session, Instant now) {
        return Duration.between(session.lastSeen(), now).compareTo(idleTimeout) > 0
                || Duration.between(session.created(), now).compareTo(maxAge) > 0;
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
        return duration;
    }
}
