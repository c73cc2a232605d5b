package org.edgeway.position.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.api.position.PositionStatus;
import org.edgeway.position.internal.source.SourceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the source reported: the current fix, the counters and the last problem, read by any thread; every report is
 * passed on to the listeners (on the source's thread, outside the lock).
 *
 * <p>Logs once per episode: the first fix, a lost fix and a regained one; the first rejected input of an episode (the
 * episode ends after {@link #REJECTION_EPISODE_END} without a rejection).
 */
final class PositionState implements SourceListener {

    /** Valid input for this long without a rejection ends a rejection episode. */
    static final Duration REJECTION_EPISODE_END = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(PositionState.class);

    private final String source;
    private final Clock clock;
    private final Duration maxFixAge;
    private final Consumer<Fix> listeners;

    // guarded by this
    private boolean connected;
    private FixMode mode = FixMode.NO_FIX;
    private Fix lastPosition;
    private Instant lastPositionReceived;
    private long fixes;
    private long noFixReports;
    private long rejected;
    private long ignored;
    private String lastProblem;
    private boolean havePosition;
    private boolean everHadPosition;
    private boolean rejecting;
    private Instant lastRejection;
    private long rejectedInEpisode;

    /**
     * @param source    the source's name
     * @param clock     the gateway clock: reception times for the maximum fix age
     * @param maxFixAge how long after its reception a fix counts as current
     * @param listeners gets every report
     */
    PositionState(String source, Clock clock, Duration maxFixAge, Consumer<Fix> listeners) {
        this.source = source;
        this.clock = clock;
        this.maxFixAge = maxFixAge;
        this.listeners = listeners;
    }

    @Override
    public synchronized void connected(boolean up) {
        connected = up;
    }

    @Override
    public void fix(Fix fix) {
        synchronized (this) {
            Instant now = clock.instant();
            mode = fix.mode();
            if (fix.hasPosition()) {
                fixes++;
                lastPosition = fix;
                lastPositionReceived = now;
                if (!havePosition) {
                    LOG.info("Position source {}: {} {} at {}, {} ({} satellites)", source,
                            everHadPosition ? "fix regained," : "first fix,", fix.mode(), fix.time(),
                            String.format(Locale.ROOT, "%.5f %.5f", fix.latitude(), fix.longitude()),
                            fix.satellites() == null ? "?" : fix.satellites());
                    havePosition = true;
                    everHadPosition = true;
                }
            } else {
                noFixReports++;
                if (havePosition) {
                    LOG.info("Position source {}: fix lost at {}", source, fix.time());
                    havePosition = false;
                }
            }
            if (rejecting && !Duration.between(lastRejection, now).minus(REJECTION_EPISODE_END).isNegative()) {
                LOG.info("Position source {}: no rejected input for {} s ({} rejected before)", source,
                        REJECTION_EPISODE_END.toSeconds(), rejectedInEpisode);
                rejecting = false;
            }
        }
        listeners.accept(fix);
    }

    @Override
    public synchronized void rejected(String reason) {
        rejected++;
        lastProblem = reason;
        lastRejection = clock.instant();
        if (!rejecting) {
            rejecting = true;
            rejectedInEpisode = 1;
            LOG.warn("Position source {}: rejected input: {} (further rejections are counted, not logged, until "
                    + "there were none for {} s)", source, reason, REJECTION_EPISODE_END.toSeconds());
        } else {
            rejectedInEpisode++;
            LOG.debug("Position source {}: rejected input: {}", source, reason);
        }
    }

    @Override
    public synchronized void ignored(String what) {
        ignored++;
    }

    @Override
    public synchronized void problem(String problem) {
        lastProblem = problem;
    }

    /** @return the latest fix with a position, if it was received no longer than the maximum fix age ago */
    synchronized Optional<Fix> currentFix() {
        if (lastPosition == null) {
            return Optional.empty();
        }
        Duration age = Duration.between(lastPositionReceived, clock.instant());
        return age.compareTo(maxFixAge) > 0 ? Optional.empty() : Optional.of(lastPosition);
    }

    /** @return the status */
    synchronized PositionStatus status() {
        return new PositionStatus(source, connected, mode, lastPosition == null ? null : lastPosition.time(), fixes,
                rejected, lastProblem);
    }

    /** @return well-formed input that carried nothing we use */
    synchronized long ignored() {
        return ignored;
    }

    /** @return reports without a position */
    synchronized long noFixReports() {
        return noFixReports;
    }
}
