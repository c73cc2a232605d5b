package org.edgeway.api.cloud;

/** The method of a cloud request, the topic segment after the application id. */
public enum Verb {
    /** Read a resource. */
    GET,
    /** Replace or update a resource. */
    PUT,
    /** Create a resource. */
    POST,
    /** Delete a resource. */
    DEL,
    /** Run an operation. */
    EXEC
}
