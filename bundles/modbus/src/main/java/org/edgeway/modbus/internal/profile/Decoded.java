package org.edgeway.modbus.internal.profile;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one point: a value, or the reason there is none. Data from a device never makes decoding
 * throw, since one odd register must not cost the other values of a poll; it becomes a {@link NoValue} instead.
 */
public sealed interface Decoded {

    /**
     * A value: a {@link Long} (or a {@link java.math.BigInteger} for UINT64 above {@link Long#MAX_VALUE}) for unscaled
     * integers, a {@link Double} for scaled or floating point numbers, a {@link String} or a {@link Boolean}.
     */
    record Value(Object value) implements Decoded {
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    /** No value, and why: not implemented by the device, not a number, a missing scale factor, a short response. */
    record NoValue(String reason) implements Decoded {
        public NoValue {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Decoded of(Object value) {
        return new Value(value);
    }

    static Decoded none(String reason) {
        return new NoValue(reason);
    }

    /** Whether this is a value. */
    default boolean isPresent() {
        return this instanceof Value;
    }

    /** The value, if any. */
    default Optional<Object> optional() {
        return this instanceof Value v ? Optional.of(v.value()) : Optional.empty();
    }
}
