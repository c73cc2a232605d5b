package org.edgeway.hotspot.internal.portal;

import java.time.Instant;

/** Who accepted the terms of use. Called from the portal's request threads, concurrently. */
public interface AcceptanceStore {

    /**
     * Records that a client accepted the terms.
     *
     * @param pseudonym the client's pseudonymous id
     * @param when      when it accepted
     * @param language  the language the terms were shown in ({@code de} or {@code en})
     */
    void accept(String pseudonym, Instant when, String language);

    /** @return true while the client's acceptance holds */
    boolean accepted(String pseudonym);
}
