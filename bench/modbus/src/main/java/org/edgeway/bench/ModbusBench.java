package org.edgeway.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.edgeway.modbus.internal.bus.BusScheduler;
import org.edgeway.modbus.internal.bus.BusStats;
import org.edgeway.modbus.internal.energy.CounterStateStore;
import org.edgeway.modbus.internal.meter.MeterPoller;
import org.edgeway.modbus.internal.plan.ReadPlanner;
import org.edgeway.modbus.internal.plan.ReadRequest;
import org.edgeway.modbus.internal.profile.Point;
import org.edgeway.modbus.internal.profile.Profile;
import org.edgeway.modbus.internal.profile.ProfileLoader;
import org.edgeway.modbus.internal.transport.ModbusTransports;
import org.edgeway.modbus.internal.transport.TransportConfig;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;

/**
 * bench/modbus.sh: METERS simulated SDM630 meters (the shipped profile) on BUSES Modbus TCP connections, each polled
 * every second, measured as CPU time of this JVM per second and requests per second; the baseline is a raw j2mod
 * read loop (ModbusTCPMaster, one thread per connection) reading the same requests at the same pace from the same
 * server, which runs in its own JVM. Also checks the planner's request count against an independent minimum.
 */
public final class ModbusBench {

    static final int METERS = Integer.getInteger("bench.meters", 100);
    static final int BUSES = Integer.getInteger("bench.buses", 4);
    static final int WARM_S = Integer.getInteger("bench.warm", 10);
    static final int MEASURE_S = Integer.getInteger("bench.seconds", 30);
    static final int MAX_GAP = 10;

    private ModbusBench() {
    }

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ModbusBenchServer.class.getName(),
                Integer.toString(port), Integer.toString(METERS)).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream()));
            if (!"READY".equals(out.readLine())) {
                throw new IllegalStateException("bench server did not start");
            }
            Profile profile = ProfileLoader.load(null).profiles().get("eastron-sdm630");
            List<ReadRequest> plan = ReadPlanner.plan(profile.points(), 125, MAX_GAP);
            int minimum = minimumRequests(profile.points(), 125, MAX_GAP);
            row("planner: requests per SDM630 poll (max 125 registers, gap " + MAX_GAP + ")",
                    plan.size() + " requests", minimum + " (exhaustive minimum)",
                    plan.size() == minimum ? "equal" : "NOT MINIMAL");

            Phase raw = rawLoop(port, plan);
            Phase ours = pipeline(port, profile);
            row("CPU per second, " + METERS + " meters on " + BUSES + " buses polled every 1 s",
                    fmt(ours.cpuMsPerSecond()) + " ms/s (" + fmt(ours.requestsPerSecond()) + " req/s, "
                            + ours.errors + " errors)",
                    fmt(raw.cpuMsPerSecond()) + " ms/s (" + fmt(raw.requestsPerSecond()) + " req/s, " + raw.errors
                            + " errors)",
                    String.format("%.2f", ours.cpuMsPerSecond() / raw.cpuMsPerSecond()));
            row("CPU per request", fmt(ours.cpuMicrosPerRequest()) + " µs", fmt(raw.cpuMicrosPerRequest()) + " µs",
                    String.format("%.2f", ours.cpuMicrosPerRequest() / raw.cpuMicrosPerRequest()));
        } finally {
            server.getOutputStream().close();
            server.destroy();
        }
        System.exit(0);
    }

    record Phase(long cpuNanos, long requests, long errors, double seconds) {
        double cpuMsPerSecond() {
            return cpuNanos / 1e6 / seconds;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }

        double cpuMicrosPerRequest() {
            return cpuNanos / 1e3 / requests;
        }
    }

    /** One thread per bus reading its meters' planned requests once a second, converting the FLOAT32 pairs. */
    static Phase rawLoop(int port, List<ReadRequest> plan) throws Exception {
        log("raw j2mod loop: warm-up " + WARM_S + " s, then " + MEASURE_S + " s");
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong sink = new AtomicLong();
        long[] window = new long[2]; // start, end (nanoTime) of the measured part
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long measureFrom = start + WARM_S * 1_000_000_000L;
        long end = measureFrom + MEASURE_S * 1_000_000_000L;
        for (int bus = 0; bus < BUSES; bus++) {
            int firstUnit = 1 + bus * METERS / BUSES;
            int lastUnit = (bus + 1) * METERS / BUSES;
            Thread thread = new Thread(() -> {
                ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", port, 1000, true);
                try {
                    master.connect();
                    for (long second = start; second < end; second += 1_000_000_000L) {
                        for (int unit = firstUnit; unit <= lastUnit; unit++) {
                            for (ReadRequest request : plan) {
                                try {
                                    InputRegister[] registers = master.readInputRegisters(unit, request.start(),
                                            request.count());
                                    double sum = 0;
                                    for (int i = 0; i + 1 < registers.length; i += 2) {
                                        sum += Float.intBitsToFloat(registers[i].getValue() << 16
                                                | registers[i + 1].getValue());
                                    }
                                    sink.addAndGet((long) sum);
                                    if (System.nanoTime() >= measureFrom) {
                                        requests.incrementAndGet();
                                    }
                                } catch (Exception e) {
                                    errors.incrementAndGet();
                                }
                            }
                        }
                        long sleep = second + 1_000_000_000L - System.nanoTime();
                        if (sleep > 0) {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    master.disconnect();
                }
            }, "raw-bus-" + bus);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        window[0] = processCpuNanos();
        long t0 = System.nanoTime();
        for (Thread thread : threads) {
            thread.join();
        }
        return new Phase(processCpuNanos() - window[0], requests.get(), errors.get(), (System.nanoTime() - t0) / 1e9);
    }

    /** The product: BUSES BusSchedulers on our transports, METERS MeterPollers with the shipped profile. */
    static Phase pipeline(int port, Profile profile) throws Exception {
        log("edgeway pipeline: warm-up " + WARM_S + " s, then " + MEASURE_S + " s");
        Path dir = Files.createTempDirectory("edgeway-bench-modbus");
        AtomicLong published = new AtomicLong();
        List<BusScheduler> buses = new ArrayList<>();
        try (CounterStateStore states = new CounterStateStore(dir.resolve("counters.mv"))) {
            for (int bus = 0; bus < BUSES; bus++) {
                BusScheduler scheduler = new BusScheduler("bench-" + bus, ModbusTransports.create(
                        TransportConfig.tcp("127.0.0.1", port, Duration.ofSeconds(1))), new BusScheduler.Settings(
                        Duration.ZERO, 3, Duration.ofMillis(50), false, Duration.ofSeconds(1), Duration.ofSeconds(60),
                        Duration.ofMinutes(5)), Clock.systemUTC());
                buses.add(scheduler);
                for (int unit = 1 + bus * METERS / BUSES; unit <= (bus + 1) * METERS / BUSES; unit++) {
                    MeterPoller meter = new MeterPoller(new MeterPoller.Settings("meter-" + unit, unit,
                            Duration.ofSeconds(1), Duration.ofSeconds(60), false, 1.0, Duration.ofMinutes(15)),
                            profile, states, (topic, payload) -> published.incrementAndGet(), Clock.systemUTC());
                    meter.limits(125, MAX_GAP);
                    scheduler.add(meter);
                }
            }
            Thread.sleep(WARM_S * 1000L);
            long cpu0 = processCpuNanos();
            long requests0 = buses.stream().map(BusScheduler::stats).mapToLong(BusStats::requests).sum();
            long errors0 = buses.stream().map(BusScheduler::stats).mapToLong(BusStats::errors).sum();
            long t0 = System.nanoTime();
            Thread.sleep(MEASURE_S * 1000L);
            long cpu = processCpuNanos() - cpu0;
            double seconds = (System.nanoTime() - t0) / 1e9;
            long requests = buses.stream().map(BusScheduler::stats).mapToLong(BusStats::requests).sum() - requests0;
            long errors = buses.stream().map(BusScheduler::stats).mapToLong(BusStats::errors).sum() - errors0;
            buses.forEach(BusScheduler::close);
            return new Phase(cpu, requests, errors, seconds);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The fewest requests covering the points, by exhaustive dynamic programming over the sorted points (independent
     * of the planner's greedy argument): best[i] = min over j of best[j] + 1 where points j..i-1 fit one request.
     */
    static int minimumRequests(List<Point> points, int maxRegisters, int maxGap) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(Point::kind).thenComparingInt(Point::address));
        int n = sorted.size();
        int[] best = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            best[i] = Integer.MAX_VALUE;
            for (int j = i - 1; j >= 0; j--) {
                if (!fits(sorted.subList(j, i), maxRegisters, maxGap)) {
                    break;
                }
                best[i] = Math.min(best[i], best[j] + 1);
            }
        }
        return best[n];
    }

    private static boolean fits(List<Point> run, int maxRegisters, int maxGap) {
        Point first = run.get(0);
        int end = first.end();
        for (Point p : run.subList(1, run.size())) {
            if (p.kind() != first.kind() || p.address() - end > maxGap) {
                return false;
            }
            end = Math.max(end, p.end());
        }
        return end - first.address() <= maxRegisters;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String fmt(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }

    static void row(String what, String ours, String base, String ratio) {
        System.out.println("| " + what + " | " + ours + " | " + base + " | " + ratio + " |");
        System.out.flush();
    }

    static void log(String message) {
        System.err.println("[" + java.time.Instant.now() + "] " + message);
    }
}
