package org.edgeway.transit.internal.counting;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;

/**
 * Logs a recurring problem once per episode: a warning when it starts, an info line when it clears, nothing in
 * between (a broken sensor reporting ten times a second must not flood the log).
 */
final class ProblemLog {

    private final Logger log;
    private final Set<String> active = new HashSet<>();

    ProblemLog(Logger log) {
        this.log = log;
    }

    /** Reports a problem; logged only when the key was not active. */
    void problem(String key, String message) {
        if (active.add(key)) {
            log.warn("{} (logged once until it clears)", message);
        }
    }

    /** Clears a problem; logs when it was active. */
    void cleared(String key, String message) {
        if (active.remove(key)) {
            log.info(message);
        }
    }
}
