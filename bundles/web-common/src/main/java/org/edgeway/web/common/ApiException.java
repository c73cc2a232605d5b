package org.edgeway.web.common;

import java.util.Map;

/**
 * A request the API answers with a client error: the status, a message naming what was wrong, and for invalid
 * configuration values the problem of each field.
 */
public final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> fields;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, String> fields) {
        super(message, null, false, false); // an expected answer: no stack trace to fill
        this.status = status;
        this.fields = Map.copyOf(fields);
    }

    public int status() {
        return status;
    }

    public Map<String, String> fields() {
        return fields == null ? Map.of() : fields;
    }
}
