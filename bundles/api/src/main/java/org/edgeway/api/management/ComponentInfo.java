package org.edgeway.api.management;

import java.util.List;
import java.util.Objects;

/**
 * A configurable component: a configuration pid or factory pid with its metatype.
 *
 * @param pid         the configuration pid, or the factory pid when {@code factory}
 * @param factory     whether configurations are named instances of this factory pid ({@code pid~name})
 * @param name        a human-readable name
 * @param description what it is, possibly empty
 * @param attributes  its attributes in metatype order
 */
public record ComponentInfo(String pid, boolean factory, String name, String description,
        List<AttributeInfo> attributes) {

    /** Checks that nothing is missing and copies the attributes. */
    public ComponentInfo {
        Objects.requireNonNull(pid, "pid");
        name = name == null ? pid : name;
        description = description == null ? "" : description;
        attributes = List.copyOf(attributes);
    }
}
