package org.edgeway.api.cloud;

import org.edgeway.api.payload.Payload;

/**
 * The answer to a {@link Request}; the runtime sends it as a Kura reply with metric {@code response.code}
 * and, for errors, {@code response.exception.message}.
 *
 * @param code         200 success, 400 bad request, 404 not found, 500 internal error
 * @param errorMessage what went wrong, for errors; null on success
 * @param payload      metrics and body to return, never null
 */
public record Response(int code, String errorMessage, Payload payload) {

    /** HTTP-like status: success. */
    public static final int OK = 200;
    /** HTTP-like status: the request was malformed or invalid. */
    public static final int BAD_REQUEST = 400;
    /** HTTP-like status: no such application or resource. */
    public static final int NOT_FOUND = 404;
    /** HTTP-like status: the handler failed. */
    public static final int INTERNAL_ERROR = 500;

    /** Validates the code and fills in an empty payload. */
    public Response {
        if (code != OK && code != BAD_REQUEST && code != NOT_FOUND && code != INTERNAL_ERROR) {
            throw new IllegalArgumentException("response code must be 200, 400, 404 or 500, was " + code);
        }
        payload = payload == null ? Payload.builder().build() : payload;
    }

    /**
     * A success with a payload.
     *
     * @param payload the payload to return
     * @return the response
     */
    public static Response ok(Payload payload) {
        return new Response(OK, null, payload);
    }

    /**
     * A success without content.
     *
     * @return the response
     */
    public static Response ok() {
        return new Response(OK, null, null);
    }

    /**
     * A 400 response.
     *
     * @param message what is wrong with the request, naming the field
     * @return the response
     */
    public static Response badRequest(String message) {
        return new Response(BAD_REQUEST, message, null);
    }

    /**
     * A 404 response.
     *
     * @param message what was not found
     * @return the response
     */
    public static Response notFound(String message) {
        return new Response(NOT_FOUND, message, null);
    }

    /**
     * A 500 response.
     *
     * @param message what failed
     * @return the response
     */
    public static Response error(String message) {
        return new Response(INTERNAL_ERROR, message, null);
    }
}
