package org.edgeway.modbus.internal.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.edgeway.modbus.internal.profile.Point;
import org.edgeway.modbus.internal.profile.RegisterKind;

/**
 * Merges the points of a meter into the fewest read requests, the way serious pollers do: every request costs a
 * round trip (about 46 ms for a 10-register read at 9600 baud), so fewer, larger reads mean fresher values and more
 * meters per bus.
 *
 * <p>A request reads one table, at most {@code maxRegisters} registers (or {@code maxBits} bits), and may read
 * registers that belong to no point (a "hole") only where the hole is at most {@code maxGap} long: some devices
 * answer an unmapped register with an exception, and unused registers cost time. With {@code maxGap} 0 only adjacent
 * points share a request.
 *
 * <p><b>Why greedy is optimal.</b> Per table, sort the points by address; they do not overlap (profiles refuse
 * that; only different bits of one register share it, and such points are identical intervals, which the argument
 * treats as one). Call a run of consecutive points p_i..p_j <em>feasible</em> when
 * {@code p_j.end - p_i.address <= max} and every hole between neighbours in it is at most {@code maxGap}.
 * Feasibility is inherited by sub-runs: a shorter run spans less and has a subset of the holes. Any request covers
 * exactly the points inside its range, which form a feasible run. Now let greedy's first request cover p_1..p_k,
 * the longest feasible run starting at p_1, and let an optimal plan's request containing p_1 cover p_1..p_j; then
 * j <= k. The rest of that plan covers p_{j+1}.., and restricting each of its requests to the points from p_{k+1} on
 * (trimming its range to them) keeps them feasible, so covering p_{k+1}.. needs no more requests than covering
 * p_{j+1}... By induction on the number of points, greedy covers p_{k+1}.. optimally, so greedy uses no more
 * requests than the optimal plan. Tables are independent, so the total is minimal too.
 */
public final class ReadPlanner {

    private ReadPlanner() {
    }

    /** {@link #plan(Collection, int, int, int)} with the protocol's {@value RegisterKind#MAX_BITS} bits per request. */
    public static List<ReadRequest> plan(Collection<Point> points, int maxRegisters, int maxGap) {
        return plan(points, maxRegisters, RegisterKind.MAX_BITS, maxGap);
    }

    /**
     * The fewest requests covering all points, ordered by table then address; each point is in exactly one.
     *
     * @param points       the points (of one device), never overlapping except different bits of one register
     * @param maxRegisters the most registers per request, 1 to {@value RegisterKind#MAX_REGISTERS}
     * @param maxBits      the most coils or discrete inputs per request, 1 to {@value RegisterKind#MAX_BITS}
     * @param maxGap       the longest run of registers (or bits) read that belongs to no point, 0 or more
     * @throws IllegalArgumentException if a limit is out of range or a point alone exceeds it
     */
    public static List<ReadRequest> plan(Collection<Point> points, int maxRegisters, int maxBits, int maxGap) {
        if (maxRegisters < 1 || maxRegisters > RegisterKind.MAX_REGISTERS) {
            throw new IllegalArgumentException("maxRegisters " + maxRegisters + " outside 1.."
                    + RegisterKind.MAX_REGISTERS);
        }
        if (maxBits < 1 || maxBits > RegisterKind.MAX_BITS) {
            throw new IllegalArgumentException("maxBits " + maxBits + " outside 1.." + RegisterKind.MAX_BITS);
        }
        if (maxGap < 0) {
            throw new IllegalArgumentException("maxGap " + maxGap + " is negative");
        }
        Map<RegisterKind, List<Point>> byKind = new EnumMap<>(RegisterKind.class);
        for (Point p : points) {
            byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p);
        }
        List<ReadRequest> requests = new ArrayList<>();
        for (Map.Entry<RegisterKind, List<Point>> entry : byKind.entrySet()) {
            RegisterKind kind = entry.getKey();
            int max = kind.isBits() ? maxBits : maxRegisters;
            List<Point> sorted = entry.getValue();
            sorted.sort(Comparator.comparingInt(Point::address).thenComparingInt(Point::end)
                    .thenComparingInt(Point::bit));
            List<Point> current = new ArrayList<>();
            int start = 0;
            int end = 0;
            for (Point p : sorted) {
                if (p.registers() > max) {
                    throw new IllegalArgumentException("point '" + p.name() + "' alone needs " + p.registers()
                            + " " + (kind.isBits() ? "bits" : "registers") + ", more than " + max + " per request");
                }
                boolean fits = !current.isEmpty() && p.address() - end <= maxGap
                        && Math.max(end, p.end()) - start <= max;
                if (!fits) {
                    if (!current.isEmpty()) {
                        requests.add(new ReadRequest(kind, start, end - start, current));
                    }
                    current = new ArrayList<>();
                    start = p.address();
                    end = p.end();
                }
                current.add(p);
                end = Math.max(end, p.end());
            }
            requests.add(new ReadRequest(kind, start, end - start, current));
        }
        return requests;
    }
}
