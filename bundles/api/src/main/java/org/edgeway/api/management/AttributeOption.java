package org.edgeway.api.management;

import java.util.Objects;

/**
 * One allowed value of an attribute with options.
 *
 * @param label the label to show
 * @param value the value to store
 */
public record AttributeOption(String label, String value) {

    /** Checks that nothing is missing. */
    public AttributeOption {
        Objects.requireNonNull(value, "value");
        label = label == null ? value : label;
    }
}
