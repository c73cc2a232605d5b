package org.edgeway.api.management;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A configuration change was refused or failed; nothing was changed unless {@link #reason()} says
 * {@link Reason#ACTIVATION_FAILED} (then the previous values were restored).
 */
public class ConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a change was refused. */
    public enum Reason {
        /** A value does not match its metatype, or the request is malformed. */
        INVALID,
        /** No such pid, factory pid, instance or snapshot. */
        NOT_FOUND,
        /** The values were valid but the component failed to activate with them; the previous ones were restored. */
        ACTIVATION_FAILED,
        /** Storing failed. */
        FAILED
    }

    private final Reason reason;
    private final transient Map<String, String> problems;

    /**
     * Creates the exception.
     *
     * @param reason   why
     * @param message  one sentence naming the pid, the field(s) and the problem
     * @param problems problem by field ({@code pid:key}), possibly empty
     */
    public ConfigurationException(Reason reason, String message, Map<String, String> problems) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems == null ? Map.of() : problems));
    }

    /**
     * Creates an exception without per-field problems.
     *
     * @param reason  why
     * @param message what went wrong
     */
    public ConfigurationException(Reason reason, String message) {
        this(reason, message, Map.of());
    }

    /**
     * Returns why the change was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns the problem of each invalid field.
     *
     * @return problem by {@code pid:key}, in the order found
     */
    public Map<String, String> problems() {
        return problems == null ? Map.of() : problems;
    }
}
