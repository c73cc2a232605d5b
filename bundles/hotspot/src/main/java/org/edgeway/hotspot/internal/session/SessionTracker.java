package org.edgeway.hotspot.internal.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.edgeway.api.hotspot.ClientSession;
import org.edgeway.hotspot.internal.control.MacAddress;
import org.edgeway.hotspot.internal.control.StationInfo;

/**
 * Client sessions from hostapd's events and station lists: start, end, bytes, signal; today's usage per client for
 * the quota; and the limits (session time, idle time, maximum clients, daily quota) as deauthentications to ask
 * hostapd for. Raw MAC addresses stay in this object's memory: everything it hands out carries the pseudonymous id.
 * <p>
 * Not thread-safe: the hotspot component drives it from one thread. Events and polls may disagree (an event lost
 * while hostapd restarted): a station in a poll without a session gets one, a session whose station is no longer
 * listed ends.
 */
public final class SessionTracker {

    /**
     * The limits; zero switches one off.
     *
     * @param maxSession       longest session
     * @param idleTimeout      longest time without a frame from the client
     * @param maxClients       most clients at once (the newest beyond it are sent away)
     * @param dailyQuotaBytes  most bytes (up and down) per client and day
     */
    public record Limits(Duration maxSession, Duration idleTimeout, int maxClients, long dailyQuotaBytes) {

        public Limits {
            if (maxSession.isNegative() || idleTimeout.isNegative() || maxClients < 0 || dailyQuotaBytes < 0) {
                throw new IllegalArgumentException("limits must not be negative");
            }
        }

        public static Limits none() {
            return new Limits(Duration.ZERO, Duration.ZERO, 0, 0);
        }
    }

    /** Why a client is sent away. */
    public enum Reason { SESSION_TIME, IDLE, MAX_CLIENTS, QUOTA }

    /** A station to deauthenticate; the MAC address goes to hostapd only. */
    public record Deauthentication(MacAddress station, String clientId, Reason reason) {
    }

    /**
     * A session that ended.
     *
     * @param signalDbm the last signal hostapd reported, or null
     * @param endReason {@code disconnected}, or the limit that ended it
     */
    public record EndedSession(String clientId, Instant start, Instant end, long bytesUp, long bytesDown,
            Integer signalDbm, String endReason) {

        public Duration length() {
            return Duration.between(start, end);
        }
    }

    /** Do not ask hostapd again for the same station sooner than this. */
    private static final Duration DEAUTH_RETRY = Duration.ofSeconds(30);

    private static final class Live {
        final MacAddress station;
        final String clientId;
        final Instant start;
        long lastRx = -1;
        long lastTx = -1;
        long bytesUp;
        long bytesDown;
        Integer signal;
        long inactiveMillis;
        Reason deauthReason;
        Instant deauthAskedAt;

        Live(MacAddress station, String clientId, Instant start) {
            this.station = station;
            this.clientId = clientId;
            this.start = start;
        }
    }

    private final Pseudonymizer pseudonyms;
    private final Clock clock;
    private final Consumer<EndedSession> ended;
    private Limits limits;
    private final Map<MacAddress, Live> live = new LinkedHashMap<>();
    private final Map<String, Long> usageToday = new HashMap<>();
    private final List<Usage> usages = new ArrayList<>();
    private LocalDate today;
    private long sessionsToday;
    private long bytesUpToday;
    private long bytesDownToday;

    /**
     * @param pseudonyms makes the ids
     * @param clock      the clock
     * @param limits     the limits
     * @param ended      told of every session that ends
     */
    public SessionTracker(Pseudonymizer pseudonyms, Clock clock, Limits limits, Consumer<EndedSession> ended) {
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.ended = ended;
        this.today = pseudonyms.day();
    }

    /** @return a usage accumulator fed from now on (one per kind of report) */
    public Usage newUsage() {
        Usage usage = new Usage();
        usages.add(usage);
        return usage;
    }

    public void limits(Limits newLimits) {
        this.limits = Objects.requireNonNull(newLimits, "limits");
    }

    /** hostapd said AP-STA-CONNECTED. */
    public void connected(MacAddress station) {
        rollDay();
        live.computeIfAbsent(station, this::start);
    }

    /** hostapd said AP-STA-DISCONNECTED. */
    public void disconnected(MacAddress station) {
        Live session = live.remove(station);
        if (session != null) {
            end(session);
        }
    }

    /** The stations hostapd lists now: counters and signal updated, missed arrivals and departures caught up. */
    public void poll(List<StationInfo> stations) {
        rollDay();
        Set<MacAddress> listed = new HashSet<>();
        for (StationInfo info : stations) {
            listed.add(info.mac());
            Live session = live.computeIfAbsent(info.mac(), this::start);
            long up = delta(info.rxBytes(), session.lastRx);
            long down = delta(info.txBytes(), session.lastTx);
            session.lastRx = info.rxBytes();
            session.lastTx = info.txBytes();
            session.bytesUp += up;
            session.bytesDown += down;
            session.signal = info.signalDbm();
            session.inactiveMillis = info.inactiveMillis();
            if (up + down > 0) {
                usageToday.merge(session.clientId, up + down, Long::sum);
                bytesUpToday += up;
                bytesDownToday += down;
                usages.forEach(u -> u.bytes(up, down));
            }
        }
        for (Iterator<Live> it = live.values().iterator(); it.hasNext();) {
            Live session = it.next();
            if (!listed.contains(session.station)) {
                it.remove();
                end(session);
            }
        }
    }

    /** @return the stations to send away now, by the limits (each asked for again only after a while) */
    public List<Deauthentication> enforce() {
        Instant now = clock.instant();
        List<Deauthentication> out = new ArrayList<>();
        int position = 0;
        for (Live session : live.values()) {
            position++;
            Reason reason = null;
            if (!limits.maxSession().isZero() && Duration.between(session.start, now).compareTo(limits.maxSession()) > 0) {
                reason = Reason.SESSION_TIME;
            } else if (!limits.idleTimeout().isZero() && session.inactiveMillis > limits.idleTimeout().toMillis()) {
                reason = Reason.IDLE;
            } else if (limits.dailyQuotaBytes() > 0
                    && usageToday.getOrDefault(session.clientId, 0L) >= limits.dailyQuotaBytes()) {
                reason = Reason.QUOTA;
            } else if (limits.maxClients() > 0 && position > limits.maxClients()) {
                reason = Reason.MAX_CLIENTS; // the newest beyond the limit: those connected first keep their place
            }
            if (reason != null && (session.deauthAskedAt == null
                    || !now.isBefore(session.deauthAskedAt.plus(DEAUTH_RETRY)))) {
                session.deauthReason = reason;
                session.deauthAskedAt = now;
                usages.forEach(Usage::deauthenticated);
                out.add(new Deauthentication(session.station, session.clientId, reason));
            }
        }
        return out;
    }

    /** @return the sessions now, by pseudonymous id, in arrival order */
    public List<ClientSession> sessions(Predicate<String> termsAccepted) {
        List<ClientSession> sessions = new ArrayList<>();
        for (Live session : live.values()) {
            sessions.add(new ClientSession(session.clientId, session.start, session.bytesUp, session.bytesDown,
                    session.signal, termsAccepted.test(session.clientId)));
        }
        return sessions;
    }

    /** @return the pseudonymous id of a connected station, or null */
    public String clientId(MacAddress station) {
        Live session = live.get(station);
        return session == null ? null : session.clientId;
    }

    public int clients() {
        return live.size();
    }

    public long sessionsToday() {
        rollDay();
        return sessionsToday;
    }

    public long bytesUpToday() {
        rollDay();
        return bytesUpToday;
    }

    public long bytesDownToday() {
        rollDay();
        return bytesDownToday;
    }

    /** Every session ends (hostapd is gone for good, the component stops). */
    public void endAll() {
        List<Live> all = new ArrayList<>(live.values());
        live.clear();
        all.forEach(this::end);
    }

    private Live start(MacAddress station) {
        sessionsToday++;
        usages.forEach(Usage::sessionStarted);
        return new Live(station, pseudonyms.pseudonym(station), clock.instant());
    }

    private void end(Live session) {
        Instant now = clock.instant();
        EndedSession done = new EndedSession(session.clientId, session.start, now, session.bytesUp, session.bytesDown,
                session.signal, session.deauthReason == null ? "disconnected" : session.deauthReason.name());
        usages.forEach(u -> u.sessionEnded(done.length()));
        ended.accept(done);
    }

    /** Counters that went down belong to a new association: all of the new value is new traffic. */
    private static long delta(long now, long last) {
        if (last < 0) {
            return now;
        }
        return now >= last ? now - last : now;
    }

    private void rollDay() {
        LocalDate day = pseudonyms.day();
        if (!day.equals(today)) {
            today = day;
            usageToday.clear();
            sessionsToday = 0;
            bytesUpToday = 0;
            bytesDownToday = 0;
        }
    }
}
