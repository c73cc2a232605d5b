package org.edgeway.modbus.internal.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a kind of meter reports and where: the points of one device model. A profile with {@code sunspec} set has no
 * points of its own; they are discovered from the device's SunSpec model chain at runtime ({@link SunSpec}).
 *
 * <p>The constructor checks the profile as a whole and refuses it with an {@link IllegalArgumentException} naming the
 * entry: duplicate point names, registers of the same table used by two points (except different bits of one
 * register), and scale factors that name no integer point. Two points reading the same register would be a copy and
 * paste error in every profile seen so far, and would make the read planner's intervals overlap.
 *
 * @param id           what meter configurations refer to, for example {@code eastron-sdm630}: lower case letters,
 *                     digits, {@code . _ -}
 * @param manufacturer the maker, "" if unknown
 * @param model        the device model, "" if unknown
 * @param description  free text, "" for none
 * @param points       the points, in the order they were given
 * @param sunspec      whether the points are discovered at runtime instead
 */
public record Profile(String id, String manufacturer, String model, String description, List<Point> points,
        boolean sunspec) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public Profile {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id " + (id == null ? "missing" : "'" + id + "'")
                    + " must be 1-64 lower case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        manufacturer = manufacturer == null ? "" : manufacturer;
        model = model == null ? "" : model;
        description = description == null ? "" : description;
        points = List.copyOf(points == null ? List.of() : points);
        if (sunspec && !points.isEmpty()) {
            throw new IllegalArgumentException("a SunSpec profile's points are discovered from the device; "
                    + "remove 'points' or 'sunspec'");
        }
        if (!sunspec && points.isEmpty()) {
            throw new IllegalArgumentException("no points");
        }
        checkNames(points);
        checkOverlaps(points);
        checkScaleFactors(points);
    }

    /** The point with this name. */
    public Optional<Point> point(String name) {
        return points.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The names of the points other points use as scale factor: raw exponents, read and decoded like any point but
     * hardly worth publishing on their own.
     */
    public Set<String> scaleFactorNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Point p : points) {
            if (p.scaleFactor() != null) {
                names.add(p.scaleFactor());
            }
        }
        return names;
    }

    private static String entry(List<Point> points, Point p) {
        return "point " + points.indexOf(p) + " '" + p.name() + "'";
    }

    private static void checkNames(List<Point> points) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            Integer earlier = seen.putIfAbsent(points.get(i).name(), i);
            if (earlier != null) {
                throw new IllegalArgumentException("point " + i + " '" + points.get(i).name()
                        + "': duplicate name, also point " + earlier);
            }
        }
    }

    private static void checkOverlaps(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(Point::kind).thenComparingInt(Point::address)
                .thenComparingInt(Point::end).thenComparingInt(Point::bit));
        // Sorted by start: a point overlapping any earlier one overlaps the one reaching furthest so far, unless
        // both are bits of one register; two equal bits of one register are then neighbours in this order.
        Point furthest = null;
        Point previous = null;
        for (Point p : sorted) {
            for (Point earlier : new Point[] {previous, furthest}) {
                if (earlier != null && earlier.kind() == p.kind() && p.address() < earlier.end()
                        && !differentBitsOfOneRegister(earlier, p)) {
                    throw new IllegalArgumentException(entry(points, p) + ": " + p.kind() + " " + range(p)
                            + " overlaps " + entry(points, earlier) + " at " + range(earlier));
                }
            }
            if (furthest == null || furthest.kind() != p.kind() || p.end() > furthest.end()) {
                furthest = p;
            }
            previous = p;
        }
    }

    private static boolean differentBitsOfOneRegister(Point a, Point b) {
        return a.type() == DataType.BITS && b.type() == DataType.BITS && !a.kind().isBits()
                && a.address() == b.address() && a.bit() != b.bit();
    }

    private static String range(Point p) {
        String where = p.registers() == 1 ? "register " + p.address()
                : "registers " + p.address() + ".." + (p.end() - 1);
        return p.type() == DataType.BITS && p.bit() >= 0 ? where + " bit " + p.bit() : where;
    }

    private static void checkScaleFactors(List<Point> points) {
        for (Point p : points) {
            if (p.scaleFactor() == null) {
                continue;
            }
            Point sf = points.stream().filter(q -> q.name().equals(p.scaleFactor())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(entry(points, p) + ": scaleFactor '"
                            + p.scaleFactor() + "' names no point of this profile"));
            if (!sf.type().isInteger() || sf.scaleFactor() != null) {
                throw new IllegalArgumentException(entry(points, p) + ": scaleFactor '" + p.scaleFactor()
                        + "' must be an integer point without a scale factor of its own");
            }
        }
    }
}
