package org.edgeway.modbus.internal.meter;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.edgeway.api.payload.Payload;
import org.edgeway.modbus.internal.bus.PollTarget;
import org.edgeway.modbus.internal.bus.ReadOutcome;
import org.edgeway.modbus.internal.energy.CounterStateStore;
import org.edgeway.modbus.internal.energy.EnergyCounter;
import org.edgeway.modbus.internal.energy.IntervalReading;
import org.edgeway.modbus.internal.plan.ReadPlanner;
import org.edgeway.modbus.internal.plan.ReadRequest;
import org.edgeway.modbus.internal.profile.Decoded;
import org.edgeway.modbus.internal.profile.Point;
import org.edgeway.modbus.internal.profile.Profile;
import org.edgeway.modbus.internal.profile.RegisterReader;
import org.edgeway.modbus.internal.profile.SunSpec;
import org.edgeway.modbus.internal.profile.ValueDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One meter: turns each poll into values with qualities, runs the energy counters, and decides what to publish.
 *
 * <p>Topics below the application {@link #APP_ID}:
 * <ul>
 * <li>{@code meter/NAME/values}: every publish interval, and at once on a change beyond the deadband when reporting
 * on change. One metric per point (its name from the profile, its unit in the info message), {@code quality}
 * ({@code GOOD}, {@code PARTIAL} when some points have no value, {@code BAD} when none has) and for every point
 * without a value {@code POINT.quality} with the reason; a counter that dropped adds {@code POINT.reset = true}.</li>
 * <li>{@code meter/NAME/interval}: for every counter and closed interval (quarter hours by default): {@code point},
 * {@code start}, {@code end} (epoch ms), {@code value} (the counter at the end), {@code consumption}, {@code unit},
 * {@code quality} (see {@link IntervalReading.Quality}).</li>
 * <li>{@code meter/NAME/info}: once the meter is prepared: profile, manufacturer, model, serial (SunSpec), unit id,
 * and {@code unit.POINT} for every point.</li>
 * </ul>
 * Runs on its bus's thread; publishes with {@code publishAsync} so the bus never waits for the disk.
 */
public final class MeterPoller implements PollTarget {

    public static final String APP_ID = "METER-V1";

    private static final Logger LOG = LoggerFactory.getLogger(MeterPoller.class);
    /**
     * How often counter states are saved between events (drops and closed intervals save at once): often enough that
     * a restart loses little of the open interval's precision, rarely enough to spare the flash.
     */
    private static final Duration STATE_SAVE_INTERVAL = Duration.ofMinutes(1);

    /**
     * @param name            the meter's name, unique on the gateway
     * @param unitId          its Modbus unit id
     * @param pollInterval    how often it is read
     * @param publishInterval how often its values are published
     * @param reportOnChange  publish at once when a value moved more than the deadband since the last publish
     * @param deadbandPercent the change, in percent of the last published value, that counts
     * @param energyInterval  the length of the counters' intervals
     */
    public record Settings(String name, int unitId, Duration pollInterval, Duration publishInterval,
            boolean reportOnChange, double deadbandPercent, Duration energyInterval) {
    }

    /** Where the meter's messages go. */
    @FunctionalInterface
    public interface Sink {
        void publish(String appTopic, Payload payload);
    }

    private final Settings settings;
    private final Profile configured;
    private final CounterStateStore states;
    private final Sink sink;
    private final Clock clock;
    private final Map<String, EnergyCounter> counters = new HashMap<>();
    private volatile List<Point> points = List.of();
    /** SunSpec scale factor points: read to scale others, not published themselves. */
    private volatile Set<String> scaleFactors = Set.of();
    private List<ReadRequest> requests = List.of();
    private Map<String, Object> lastPublished = Map.of();
    private Instant nextPublish;
    private Instant lastStateSave;
    private volatile Reading latest;
    private volatile int maxRegisters = 125;
    private volatile int maxGap = 10;

    /** The meter's last poll, for the shell and the console. */
    public record Reading(Instant at, Map<String, Object> values, Map<String, String> badQualities) {
    }

    public MeterPoller(Settings settings, Profile profile, CounterStateStore states, Sink sink, Clock clock) {
        this.settings = settings;
        this.configured = Objects.requireNonNull(profile, "profile");
        this.states = states;
        this.sink = sink;
        this.clock = clock;
    }

    /** The planning limits of the bus the meter is on; takes effect at the next {@link #prepare}. */
    public void limits(int maxRegisters, int maxGap) {
        this.maxRegisters = maxRegisters;
        this.maxGap = maxGap;
    }

    public Reading latest() {
        return latest;
    }

    /** The unit of each published point that has one, by point name. */
    public Map<String, String> units() {
        Map<String, String> units = new HashMap<>();
        for (Point point : points) {
            if (point.unit() != null && !point.unit().isBlank() && !scaleFactors.contains(point.name())) {
                units.put(point.name(), point.unit());
            }
        }
        return units;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public int unitId() {
        return settings.unitId();
    }

    @Override
    public Duration pollInterval() {
        return settings.pollInterval();
    }

    @Override
    public List<ReadRequest> requests() {
        return requests;
    }

    @Override
    public boolean prepare(RegisterReader reader) throws Exception {
        Payload.Builder info = Payload.builder().timestamp(clock.instant())
                .metric("profile", configured.id()).metric("unit.id", (long) settings.unitId());
        Profile profile = configured;
        if (configured.sunspec()) {
            SunSpec.Discovery discovery = SunSpec.discover(reader, configured);
            profile = discovery.profile();
            info.metric("manufacturer", discovery.manufacturer()).metric("model", discovery.model())
                    .metric("serial", discovery.serial()).metric("sunspec.model", (long) discovery.meterModel());
            LOG.info("Meter {}: SunSpec model {} at {} ({} {}, serial {})", name(), discovery.meterModel(),
                    discovery.baseAddress(), discovery.manufacturer(), discovery.model(), discovery.serial());
        } else {
            info.metric("manufacturer", configured.manufacturer()).metric("model", configured.model());
        }
        points = profile.points();
        scaleFactors = profile.scaleFactorNames();
        requests = ReadPlanner.plan(points, maxRegisters, maxGap);
        for (Point point : points) {
            if (!point.unit().isEmpty() && !scaleFactors.contains(point.name())) {
                info.metric("unit." + point.name(), point.unit());
            }
            if (point.counter() && !counters.containsKey(point.name())) {
                counters.put(point.name(), new EnergyCounter(settings.energyInterval(),
                        settings.pollInterval().multipliedBy(2), states.load(counterKey(point)).orElse(null)));
            }
        }
        LOG.info("Meter {} (unit {}): profile {}, {} points in {} requests", name(), unitId(), profile.id(),
                points.size(), requests.size());
        sink.publish(topic("info"), info.build());
        return true;
    }

    @Override
    public void polled(Instant at, Map<ReadRequest, ReadOutcome> outcomes) {
        Map<String, Decoded> raws = new HashMap<>();
        Map<String, String> bad = new LinkedHashMap<>();
        for (Map.Entry<ReadRequest, ReadOutcome> entry : outcomes.entrySet()) {
            if (entry.getValue() instanceof ReadOutcome.Words words) {
                raws.putAll(entry.getKey().decodeRaw(words.words()));
            } else if (entry.getValue() instanceof ReadOutcome.Failed failed) {
                String reason = failed.reason().name() + ": " + failed.detail();
                entry.getKey().points().stream().filter(point -> !scaleFactors.contains(point.name()))
                        .forEach(point -> bad.put(point.name(), reason));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        ValueDecoder.scaleAll(points, raws).forEach((name, decoded) -> {
            if (scaleFactors.contains(name)) {
                return; // its effect is in the values it scales; a bad one makes them bad
            }
            if (decoded instanceof Decoded.Value value) {
                values.put(name, publishable(value.value()));
            } else if (decoded instanceof Decoded.NoValue none) {
                bad.put(name, none.reason());
            }
        });
        Payload.Builder payload = Payload.builder().timestamp(at);
        boolean counterEvent = false;
        for (Point point : points) {
            if (point.counter() && values.get(point.name()) instanceof Number number) {
                counterEvent |= countEnergy(point, at, number.doubleValue(), values, bad, payload);
            }
        }
        if (counterEvent || lastStateSave == null || !at.isBefore(lastStateSave.plus(STATE_SAVE_INTERVAL))) {
            saveCounterStates(at);
        }
        Reading reading = new Reading(at, Map.copyOf(values), Map.copyOf(bad));
        latest = reading;
        if (points.isEmpty() || !due(at, values)) {
            return;
        }
        values.forEach(payload::metric);
        bad.forEach((name, reason) -> payload.metric(name + ".quality", reason));
        payload.metric("quality", values.isEmpty() ? "BAD" : bad.isEmpty() ? "GOOD" : "PARTIAL");
        sink.publish(topic("values"), payload.build());
        lastPublished = values;
        nextPublish = at.plus(settings.publishInterval());
    }

    /** Runs a counter; returns whether it dropped or closed an interval (its state is worth saving at once). */
    private boolean countEnergy(Point point, Instant at, double value, Map<String, Object> values,
            Map<String, String> bad, Payload.Builder payload) {
        if (!Double.isFinite(value) || value < 0) {
            values.remove(point.name());
            bad.put(point.name(), "counter reading " + value + " is not a meter reading");
            return false;
        }
        EnergyCounter counter = counters.get(point.name());
        EnergyCounter.Update update = counter.accept(at, value);
        if (update.dropped()) {
            LOG.warn("Meter {}: counter {} dropped to {} {} (reset or replaced meter); no negative consumption "
                    + "is counted", name(), point.name(), value, point.unit());
            payload.metric(point.name() + ".reset", true);
        }
        for (IntervalReading interval : update.closedIntervals()) {
            sink.publish(topic("interval"), Payload.builder().timestamp(interval.end())
                    .metric("point", point.name()).metric("unit", point.unit())
                    .metric("start", interval.start().toEpochMilli()).metric("end", interval.end().toEpochMilli())
                    .metric("value", interval.endValue()).metric("consumption", interval.consumption())
                    .metric("quality", interval.quality().name()).build());
        }
        return update.dropped() || !update.closedIntervals().isEmpty();
    }

    private void saveCounterStates(Instant at) {
        for (Point point : points) {
            EnergyCounter counter = counters.get(point.name());
            if (counter != null && counter.state() != null) {
                states.save(counterKey(point), counter.state());
            }
        }
        lastStateSave = at;
    }

    /** Whether to publish now: the interval is over, or a value moved beyond the deadband. */
    private boolean due(Instant at, Map<String, Object> values) {
        if (nextPublish == null || !at.isBefore(nextPublish)) {
            return true;
        }
        if (!settings.reportOnChange()) {
            return false;
        }
        if (!values.keySet().equals(lastPublished.keySet())) {
            return true; // a value appeared or went bad
        }
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Object before = lastPublished.get(entry.getKey());
            if (entry.getValue() instanceof Number now && before instanceof Number then) {
                double limit = Math.abs(then.doubleValue()) * settings.deadbandPercent() / 100;
                if (Math.abs(now.doubleValue() - then.doubleValue()) > limit) {
                    return true;
                }
            } else if (!entry.getValue().equals(before)) {
                return true;
            }
        }
        return false;
    }

    private String topic(String kind) {
        return "meter/" + settings.name() + "/" + kind;
    }

    private String counterKey(Point point) {
        return settings.name() + "/" + point.name();
    }

    /** Kura metrics carry long and double, not big integers. */
    private static Object publishable(Object value) {
        return value instanceof BigInteger big ? big.doubleValue() : value;
    }
}
