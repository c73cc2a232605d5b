package org.edgeway.modbus.internal.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.edgeway.modbus.internal.profile.Decoded;
import org.edgeway.modbus.internal.profile.Point;
import org.edgeway.modbus.internal.profile.RegisterKind;
import org.edgeway.modbus.internal.profile.ValueDecoder;

/**
 * One Modbus read: {@code count} registers (or bits, for coils and discrete inputs) of one table from
 * {@code start}, and the points whose values it carries, each lying wholly inside it.
 *
 * @param kind   the table, which gives the function code
 * @param start  the first address
 * @param count  registers or bits to read, at least 1
 * @param points the points it carries, by address
 */
public record ReadRequest(RegisterKind kind, int start, int count, List<Point> points) {

    public ReadRequest {
        Objects.requireNonNull(kind, "kind");
        points = List.copyOf(points);
        if (start < 0 || count < 1 || start + count - 1 > Point.MAX_ADDRESS) {
            throw new IllegalArgumentException("bad range: " + count + " from " + start);
        }
        for (Point p : points) {
            if (p.kind() != kind || p.address() < start || p.end() > start + count) {
                throw new IllegalArgumentException("point '" + p.name() + "' is not inside " + kind + " " + start
                        + ".." + (start + count - 1));
            }
        }
    }

    /** The address after the last one read. */
    public int end() {
        return start + count;
    }

    /**
     * The raw values of this request's points from the device's answer (see {@link ValueDecoder#raw}); a short
     * answer gives the points it does not cover no value instead of failing.
     */
    public Map<String, Decoded> decodeRaw(int[] words) {
        Map<String, Decoded> raws = new LinkedHashMap<>();
        for (Point p : points) {
            raws.put(p.name(), ValueDecoder.raw(p, start, words));
        }
        return raws;
    }

    @Override
    public String toString() {
        return kind + " " + start + ".." + (end() - 1) + " (" + count + ", " + points.size() + " points)";
    }
}
