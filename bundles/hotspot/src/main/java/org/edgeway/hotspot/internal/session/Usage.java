package org.edgeway.hotspot.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage between two reports (an interval, or the ride from one stop to the next): counts and volumes only. Not
 * thread-safe; the tracker's thread fills it, a report takes a {@link #snapshotAndReset() snapshot}.
 */
public final class Usage {

    /** What a report publishes. Session lengths are of the sessions that ended in the period. */
    public record Snapshot(int newSessions, int endedSessions, long bytesUp, long bytesDown, List<Duration> lengths,
            int deauthentications) {

        public Snapshot {
            lengths = List.copyOf(lengths);
        }

        /** @return the mean length in seconds, or null without ended sessions */
        public Long meanLengthSeconds() {
            return lengths.isEmpty() ? null
                    : Math.round(lengths.stream().mapToLong(Duration::toSeconds).average().orElse(0));
        }

        /** @return the median length in seconds, or null without ended sessions */
        public Long medianLengthSeconds() {
            if (lengths.isEmpty()) {
                return null;
            }
            long[] sorted = lengths.stream().mapToLong(Duration::toSeconds).sorted().toArray();
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2.0);
        }

        /** @return the longest in seconds, or null without ended sessions */
        public Long maxLengthSeconds() {
            return lengths.stream().mapToLong(Duration::toSeconds).max().stream().boxed().findFirst().orElse(null);
        }
    }

    private int newSessions;
    private int endedSessions;
    private long bytesUp;
    private long bytesDown;
    private final List<Duration> lengths = new ArrayList<>();
    private int deauthentications;

    void sessionStarted() {
        newSessions++;
    }

    void sessionEnded(Duration length) {
        endedSessions++;
        lengths.add(length);
    }

    void bytes(long up, long down) {
        bytesUp += up;
        bytesDown += down;
    }

    void deauthenticated() {
        deauthentications++;
    }

    /** @return what was counted since the last snapshot; counting starts again from zero */
    public Snapshot snapshotAndReset() {
        Snapshot snapshot = new Snapshot(newSessions, endedSessions, bytesUp, bytesDown, lengths, deauthentications);
        newSessions = 0;
        endedSessions = 0;
        bytesUp = 0;
        bytesDown = 0;
        lengths.clear();
        deauthentications = 0;
        return snapshot;
    }
}
