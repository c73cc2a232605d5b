package org.edgeway.demo.internal.transit;

/** A scenario file that cannot be used; the message names the field (for example {@code trips[1].visits[2].stop}). */
public class ScenarioException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
