package org.edgeway.api.management;

/** The type of a configuration attribute, as its metatype declares it. */
public enum AttributeType {
    /** Text. */
    STRING,
    /** 64-bit integer. */
    LONG,
    /** 32-bit integer. */
    INTEGER,
    /** 16-bit integer. */
    SHORT,
    /** A single character. */
    CHARACTER,
    /** 8-bit integer. */
    BYTE,
    /** Double-precision floating point number. */
    DOUBLE,
    /** Single-precision floating point number. */
    FLOAT,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** Secret text: stored encrypted, never returned in clear. */
    PASSWORD
}
