package org.edgeway.api.management;

import java.util.List;
import java.util.Objects;

/**
 * The metatype description of one configuration attribute.
 *
 * @param id           the property key
 * @param name         a human-readable name
 * @param description  what it is for, possibly empty
 * @param type         the value type
 * @param cardinality  0 for a single value, {@code n > 0} an array of at most n values, {@code n < 0} a list of
 *                     at most -n values ({@link Integer#MAX_VALUE} and {@link Integer#MIN_VALUE}: unbounded)
 * @param defaultValue the default values as text, empty if none
 * @param min          the smallest allowed value (length for text), or null
 * @param max          the largest allowed value (length for text), or null
 * @param options      the allowed values, empty if any value of the type is allowed
 * @param required     whether a value must be given
 * @param password     whether the value is secret (type {@link AttributeType#PASSWORD})
 */
public record AttributeInfo(String id, String name, String description, AttributeType type, int cardinality,
        List<String> defaultValue, String min, String max, List<AttributeOption> options, boolean required,
        boolean password) {

    /** Checks that nothing is missing and copies the lists. */
    public AttributeInfo {
        Objects.requireNonNull(id, "id");
        name = name == null ? id : name;
        description = description == null ? "" : description;
        Objects.requireNonNull(type, "type");
        defaultValue = defaultValue == null ? List.of() : List.copyOf(defaultValue);
        options = options == null ? List.of() : List.copyOf(options);
    }
}
