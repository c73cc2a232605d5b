package org.edgeway.api.position;

import java.util.Optional;

/** The vehicle's position, from whichever receiver is configured. Thread-safe. */
public interface PositionService {

    /**
     * The latest fix with a position, if it is no older than the configured maximum age.
     *
     * @return the current fix, or empty when there is none (no receiver, no fix, or the last one is stale)
     */
    Optional<Fix> currentFix();

    /** @return how the receiver is doing, for status pages and diagnostics */
    PositionStatus status();
}
