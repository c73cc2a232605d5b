package org.edgeway.fleet.internal.ops;

/**
 * Refused input of a fleet operation: the message starts with the field it is about, and {@link #field()} names it
 * for the REST layer's {@code "fields"} map (for example {@code operation.pid}, {@code targets.clients},
 * {@code plan.batchSize}).
 */
public final class InvalidInput extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidInput(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The field that was wrong, as the REST API names it. */
    public String field() {
        return field;
    }
}
