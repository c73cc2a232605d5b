package org.edgeway.modbus.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.edgeway.modbus.internal.profile.DataType;
import org.edgeway.modbus.internal.profile.Decoded;
import org.edgeway.modbus.internal.profile.Point;
import org.edgeway.modbus.internal.profile.Profile;
import org.edgeway.modbus.internal.profile.ProfileLoader;
import org.edgeway.modbus.internal.profile.RegisterKind;
import org.junit.jupiter.api.Test;

/**
 * The planner against independent optima: a dynamic programme over runs of neighbouring points and, for small sets,
 * an exhaustive search over every partition of the points into requests (which assumes nothing about runs), on many
 * random point sets; plus the invariants every plan must keep.
 */
class ReadPlannerTest {

    private static final RegisterKind[] KINDS = {RegisterKind.HOLDING, RegisterKind.INPUT, RegisterKind.COIL};

    record Limits(int maxRegisters, int maxBits, int maxGap) {
        int max(RegisterKind kind) {
            return kind.isBits() ? maxBits : maxRegisters;
        }
    }

    /** Random non-overlapping points, at most {@code perKind} per table. */
    static List<Point> randomPoints(Random random, int perKind) {
        List<Point> points = new ArrayList<>();
        for (RegisterKind kind : KINDS) {
            int n = random.nextInt(perKind + 1);
            int address = random.nextInt(50);
            for (int i = 0; i < n; i++) {
                String name = kind.name().toLowerCase() + i;
                Point p;
                if (kind.isBits()) {
                    p = Point.of(name, kind, address, DataType.BITS);
                } else {
                    p = switch (random.nextInt(4)) {
                        case 0 -> Point.of(name, kind, address, DataType.UINT16);
                        case 1 -> Point.of(name, kind, address, DataType.FLOAT32);
                        case 2 -> Point.of(name, kind, address, DataType.INT64);
                        default -> Point.ofString(name, kind, address, 1 + random.nextInt(10));
                    };
                }
                points.add(p);
                int hole = random.nextInt(5) == 0 ? random.nextInt(40) : random.nextInt(6);
                address = p.end() + hole;
            }
        }
        Collections.shuffle(points, random);
        return points;
    }

    static Limits randomLimits(Random random, List<Point> points) {
        int largest = points.stream().filter(p -> !p.kind().isBits()).mapToInt(Point::registers).max().orElse(1);
        int maxRegisters = random.nextBoolean() ? largest + random.nextInt(12) : largest + random.nextInt(126 - largest);
        return new Limits(maxRegisters, 1 + random.nextInt(20), random.nextInt(9));
    }

    /** Whether one request could carry exactly these points (all of one table). */
    static boolean feasible(List<Point> block, List<Point> all, Limits limits) {
        RegisterKind kind = block.get(0).kind();
        int start = block.stream().mapToInt(Point::address).min().orElseThrow();
        int end = block.stream().mapToInt(Point::end).max().orElseThrow();
        return block.stream().allMatch(p -> p.kind() == kind) && end - start <= limits.max(kind)
                && longestHole(kind, start, end, all) <= limits.maxGap();
    }

    /** The longest run of addresses in [start, end) of this table that belongs to no point. */
    static int longestHole(RegisterKind kind, int start, int end, List<Point> all) {
        boolean[] used = new boolean[end - start];
        for (Point p : all) {
            if (p.kind() == kind) {
                for (int a = Math.max(start, p.address()); a < Math.min(end, p.end()); a++) {
                    used[a - start] = true;
                }
            }
        }
        int longest = 0;
        int run = 0;
        for (boolean u : used) {
            run = u ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** Fewest requests by dynamic programming over runs of neighbouring points, per table. */
    static int dynamicOptimum(List<Point> points, Limits limits) {
        int total = 0;
        Map<RegisterKind, List<Point>> byKind = points.stream().collect(Collectors.groupingBy(Point::kind));
        for (List<Point> list : byKind.values()) {
            List<Point> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingInt(Point::address));
            int[] best = new int[sorted.size() + 1];
            for (int i = 1; i <= sorted.size(); i++) {
                best[i] = Integer.MAX_VALUE;
                for (int j = 0; j < i; j++) {
                    if (best[j] != Integer.MAX_VALUE && feasible(sorted.subList(j, i), points, limits)) {
                        best[i] = Math.min(best[i], best[j] + 1);
                    }
                }
            }
            total += best[sorted.size()];
        }
        return total;
    }

    /** Fewest requests by trying every partition of the points into blocks. */
    static int exhaustiveOptimum(List<Point> points, Limits limits) {
        return partition(points, 0, new ArrayList<>(), points, limits, Integer.MAX_VALUE);
    }

    private static int partition(List<Point> points, int i, List<List<Point>> blocks, List<Point> all, Limits limits,
            int bestSoFar) {
        if (blocks.size() >= bestSoFar) {
            return bestSoFar;
        }
        if (i == points.size()) {
            return blocks.stream().allMatch(b -> feasible(b, all, limits)) ? blocks.size() : bestSoFar;
        }
        int best = bestSoFar;
        Point p = points.get(i);
        for (int b = 0; b < blocks.size(); b++) { // the recursion adds and removes blocks: no iterator
            List<Point> block = blocks.get(b);
            if (block.get(0).kind() == p.kind()) {
                block.add(p);
                if (feasible(block, all, limits)) { // blocks only grow, so an infeasible one stays infeasible
                    best = partition(points, i + 1, blocks, all, limits, best);
                }
                block.remove(block.size() - 1);
            }
        }
        List<Point> fresh = new ArrayList<>(List.of(p));
        blocks.add(fresh);
        best = partition(points, i + 1, blocks, all, limits, best);
        blocks.remove(blocks.size() - 1);
        return best;
    }

    /** Every invariant a plan must keep. */
    static void assertValid(List<ReadRequest> plan, List<Point> points, Limits limits) {
        Map<Point, Integer> seen = new IdentityHashMap<>();
        for (ReadRequest r : plan) {
            assertThat(r.points()).isNotEmpty();
            assertThat(r.count()).isBetween(1, limits.max(r.kind()));
            assertThat(r.count()).isLessThanOrEqualTo(r.kind().protocolMaximum());
            assertThat(r.points()).allSatisfy(p -> {
                assertThat(p.kind()).isEqualTo(r.kind());
                assertThat(p.address()).isGreaterThanOrEqualTo(r.start());
                assertThat(p.end()).isLessThanOrEqualTo(r.end());
            });
            // tight: no register is read before the first point or after the last
            assertThat(r.points().stream().mapToInt(Point::address).min().orElseThrow()).isEqualTo(r.start());
            assertThat(r.points().stream().mapToInt(Point::end).max().orElseThrow()).isEqualTo(r.end());
            assertThat(longestHole(r.kind(), r.start(), r.end(), points)).isLessThanOrEqualTo(limits.maxGap());
            r.points().forEach(p -> seen.merge(p, 1, Integer::sum));
        }
        assertThat(seen).hasSize(points.size());
        assertThat(seen.values()).containsOnly(1);
        for (int i = 1; i < plan.size(); i++) { // ordered by table, then address
            ReadRequest a = plan.get(i - 1);
            ReadRequest b = plan.get(i);
            assertThat(a.kind().compareTo(b.kind()) < 0 || a.kind() == b.kind() && a.end() <= b.start()).isTrue();
        }
    }

    @Test
    void fewestRequestsOnRandomPointSetsMatchesTheDynamicOptimum() {
        for (int seed = 0; seed < 1000; seed++) {
            Random random = new Random(seed);
            List<Point> points = randomPoints(random, 25);
            Limits limits = randomLimits(random, points);

            List<ReadRequest> plan = ReadPlanner.plan(points, limits.maxRegisters(), limits.maxBits(),
                    limits.maxGap());

            assertValid(plan, points, limits);
            assertThat(plan).as("seed %d, %s", seed, limits).hasSize(dynamicOptimum(points, limits));
        }
    }

    @Test
    void fewestRequestsOnSmallPointSetsMatchesTheExhaustiveOptimum() {
        for (int seed = 0; seed < 400; seed++) {
            Random random = new Random(1_000_000 + seed);
            List<Point> points = randomPoints(random, 3); // up to 9 points: every partition is tried
            Limits limits = new Limits(4 + random.nextInt(14), 1 + random.nextInt(5), random.nextInt(4));
            if (points.stream().anyMatch(p -> !p.kind().isBits() && p.registers() > limits.maxRegisters())) {
                continue;
            }

            List<ReadRequest> plan = ReadPlanner.plan(points, limits.maxRegisters(), limits.maxBits(),
                    limits.maxGap());

            assertValid(plan, points, limits);
            assertThat(plan).as("seed %d, %s, %s", seed, limits, points).hasSize(exhaustiveOptimum(points, limits));
        }
    }

    @Test
    void theShippedSdm630PlansIntoAFewRequests() {
        Profile sdm630 = ProfileLoader.load(ProfileLoader.class.getClassLoader(), null).profiles()
                .get("eastron-sdm630");

        assertThat(ranges(ReadPlanner.plan(sdm630.points(), 125, 0)))
                .containsExactly("INPUT 0+18", "INPUT 52+2", "INPUT 70+6", "INPUT 342+2");
        assertThat(ranges(ReadPlanner.plan(sdm630.points(), 125, 16)))
                .containsExactly("INPUT 0+18", "INPUT 52+24", "INPUT 342+2");
        assertThat(ranges(ReadPlanner.plan(sdm630.points(), 125, 50)))
                .containsExactly("INPUT 0+76", "INPUT 342+2");
        assertThat(ranges(ReadPlanner.plan(sdm630.points(), 125, 1000)))
                .containsExactly("INPUT 0+76", "INPUT 342+2");
        assertThat(ranges(ReadPlanner.plan(sdm630.points(), 10, 50)))
                .containsExactly("INPUT 0+10", "INPUT 10+8", "INPUT 52+2", "INPUT 70+6", "INPUT 342+2");
    }

    private static List<String> ranges(List<ReadRequest> plan) {
        return plan.stream().map(r -> r.kind() + " " + r.start() + "+" + r.count()).toList();
    }

    @Test
    void requestsNeverExceedTheLimitOf125RegistersOr2000Bits() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            points.add(Point.of("r" + i, RegisterKind.HOLDING, i, DataType.UINT16));
        }
        for (int i = 0; i < 3000; i++) {
            points.add(Point.of("c" + i, RegisterKind.COIL, i, DataType.BITS));
        }
        assertThat(ranges(ReadPlanner.plan(points, 125, 0)))
                .containsExactly("HOLDING 0+125", "HOLDING 125+125", "HOLDING 250+50", "COIL 0+2000", "COIL 2000+1000");
        assertThat(ReadPlanner.plan(points, 125, 100, 0)).filteredOn(r -> r.kind() == RegisterKind.COIL).hasSize(30);
    }

    @Test
    void tablesAreNeverMixedEvenAtTheSameAddresses() {
        List<Point> points = List.of(Point.of("h", RegisterKind.HOLDING, 0, DataType.FLOAT32),
                Point.of("i", RegisterKind.INPUT, 0, DataType.FLOAT32),
                Point.of("i2", RegisterKind.INPUT, 2, DataType.FLOAT32),
                Point.of("d", RegisterKind.DISCRETE_INPUT, 2, DataType.BITS),
                Point.of("c", RegisterKind.COIL, 1, DataType.BITS));
        assertThat(ranges(ReadPlanner.plan(points, 125, 10)))
                .containsExactly("HOLDING 0+2", "INPUT 0+4", "COIL 1+1", "DISCRETE_INPUT 2+1");
    }

    @Test
    void bitsOfOneRegisterShareARequest() {
        List<Point> points = List.of(Point.ofBit("b2", RegisterKind.INPUT, 5, 2),
                Point.ofBit("b0", RegisterKind.INPUT, 5, 0),
                Point.of("next", RegisterKind.INPUT, 6, DataType.UINT16),
                Point.ofBit("b1", RegisterKind.INPUT, 5, 1));
        List<ReadRequest> plan = ReadPlanner.plan(points, 125, 0);
        assertThat(ranges(plan)).containsExactly("INPUT 5+2");
        assertThat(plan.get(0).points()).extracting(Point::name).containsExactly("b0", "b1", "b2", "next");
        assertThat(plan.get(0).decodeRaw(new int[] {0b101, 7}))
                .containsEntry("b0", Decoded.of(true)).containsEntry("b1", Decoded.of(false))
                .containsEntry("b2", Decoded.of(true)).containsEntry("next", Decoded.of(7L));
    }

    @Test
    void aShortAnswerGivesTheUncoveredPointsNoValue() {
        List<ReadRequest> plan = ReadPlanner.plan(List.of(Point.of("a", RegisterKind.INPUT, 0, DataType.FLOAT32),
                Point.of("b", RegisterKind.INPUT, 2, DataType.FLOAT32)), 125, 0);
        Map<String, Decoded> raws = plan.get(0).decodeRaw(new int[] {0x4366, 0x8000, 0x4366});
        assertThat(raws.get("a")).isEqualTo(Decoded.of(230.5));
        assertThat(raws.get("b")).isInstanceOf(Decoded.NoValue.class);
    }

    @Test
    void badLimitsAndOversizedPointsAreRefused() {
        List<Point> one = List.of(Point.of("a", RegisterKind.INPUT, 0, DataType.UINT16));
        assertThat(ReadPlanner.plan(List.of(), 125, 0)).isEmpty();
        assertThatThrownBy(() -> ReadPlanner.plan(one, 126, 0)).hasMessageContaining("maxRegisters 126");
        assertThatThrownBy(() -> ReadPlanner.plan(one, 0, 0)).hasMessageContaining("maxRegisters 0");
        assertThatThrownBy(() -> ReadPlanner.plan(one, 125, 2001, 0)).hasMessageContaining("maxBits 2001");
        assertThatThrownBy(() -> ReadPlanner.plan(one, 125, -1)).hasMessageContaining("maxGap -1");
        assertThatThrownBy(() -> ReadPlanner.plan(List.of(Point.ofString("serial", RegisterKind.HOLDING, 0, 10)),
                8, 0)).hasMessageContaining("'serial' alone needs 10 registers");
        assertThatThrownBy(() -> new ReadRequest(RegisterKind.INPUT, 0, 2,
                List.of(Point.of("f", RegisterKind.INPUT, 1, DataType.FLOAT32))))
                .hasMessage("point 'f' is not inside INPUT 0..1");
        assertThatThrownBy(() -> new ReadRequest(RegisterKind.HOLDING, 0, 2, one))
                .hasMessage("point 'a' is not inside HOLDING 0..1");
    }
}
