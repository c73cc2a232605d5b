package org.edgeway.web.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.edgeway.web.common.ApiException;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;

/**
 * The last log entries of the gateway for the console's log view, numbered so that a client asks only for what is
 * new. Fed by the OSGi Log Reader Service (which pax-logging feeds with every event its loggers pass).
 */
final class LogBuffer implements LogListener {

    /** One log entry as the API shows it. */
    record Line(long seq, Instant time, String level, String logger, String message) {
    }

    /** A page of entries and the sequence number to ask from next time. */
    record Page(List<Line> entries, long next) {
    }

    static final int MAX_PAGE = 500;

    private final int capacity;
    private final ArrayDeque<Line> lines; // guarded by this
    private long nextSeq = 1; // guarded by this

    LogBuffer(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    @Override
    public void logged(LogEntry entry) {
        String message = entry.getMessage();
        if (entry.getException() != null) {
            message = message + " (" + entry.getException() + ")";
        }
        add(Instant.ofEpochMilli(entry.getTime()), entry.getLogLevel(), entry.getLoggerName(), message);
    }

    synchronized void add(Instant time, LogLevel level, String logger, String message) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(new Line(nextSeq++, time, name(level), logger == null ? "" : logger,
                message == null ? "" : message));
    }

    /**
     * Entries after {@code after} (all kept ones if negative: then the last {@code limit}) at {@code minimum} or more
     * severe, at most {@code limit}.
     */
    synchronized Page page(long after, int limit, LogLevel minimum) {
        List<Line> matching = new ArrayList<>();
        for (Line line : lines) {
            if (line.seq() > after && severity(line.level()) <= minimum.ordinal()) {
                matching.add(line);
            }
        }
        List<Line> page = after < 0
                ? matching.subList(Math.max(0, matching.size() - limit), matching.size())
                : matching.subList(0, Math.min(limit, matching.size()));
        long next = page.isEmpty() ? Math.max(after, nextSeq - 1) : page.get(page.size() - 1).seq();
        return new Page(List.copyOf(page), next);
    }

    /** WARN for WARN, INFO for INFO, ... and TRACE/AUDIT folded into DEBUG/ERROR: the four levels the API knows. */
    private static String name(LogLevel level) {
        return switch (level == null ? LogLevel.INFO : level) {
            case AUDIT, ERROR -> "ERROR";
            case WARN -> "WARN";
            case INFO -> "INFO";
            case DEBUG, TRACE -> "DEBUG";
        };
    }

    private static int severity(String level) {
        return LogLevel.valueOf(level).ordinal();
    }

    /** The level named in a request, one of ERROR, WARN, INFO, DEBUG. */
    static LogLevel parseLevel(String text) throws ApiException {
        if (text == null || text.isBlank()) {
            return LogLevel.INFO;
        }
        try {
            LogLevel level = LogLevel.valueOf(text.strip().toUpperCase(Locale.ROOT));
            if (level == LogLevel.AUDIT || level == LogLevel.TRACE) {
                throw new IllegalArgumentException();
            }
            return level;
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "level must be ERROR, WARN, INFO or DEBUG, was '" + text + "'");
        }
    }
}
