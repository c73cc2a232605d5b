package org.edgeway.modbus.internal.energy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.edgeway.modbus.internal.energy.IntervalReading.Quality;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Keeps every energy counter's {@link CounterState} across restarts in an H2 MVStore file, so that the interval open
 * at a restart closes with its true consumption and a drop across the restart is still seen. Each save is committed
 * at once (a few small writes per counter and quarter hour); losing the last save to a power cut costs only the
 * precision of the next boundary, never a negative consumption. An unreadable file is moved aside and counters start
 * afresh, logged.
 */
public final class CounterStateStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CounterStateStore.class);

    private final MVStore mv;
    private final MVMap<String, String> states;

    public CounterStateStore(Path file) {
        this.mv = open(file);
        this.states = mv.openMap("counters");
    }

    private static MVStore open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (Exception e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            LOG.error("Counter state file {} is unreadable ({}); moved to {}, counters start afresh", file,
                    e.getMessage(), aside.getFileName());
            try {
                Files.move(file, aside);
            } catch (Exception moveFailed) {
                throw new IllegalStateException("cannot open or move aside counter state file " + file, e);
            }
            return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        }
    }

    /** The saved state of a counter, empty if none or if what was saved cannot be read (logged). */
    public synchronized Optional<CounterState> load(String key) {
        String json = states.get(key);
        if (json == null) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            return Optional.of(new CounterState(Instant.ofEpochMilli(o.get("lastAt").getAsLong()),
                    o.get("lastValue").getAsDouble(), Instant.ofEpochMilli(o.get("intervalStart").getAsLong()),
                    o.get("intervalStartValue").getAsDouble(), o.get("consumedBeforeDrop").getAsDouble(),
                    Quality.valueOf(o.get("startQuality").getAsString())));
        } catch (RuntimeException e) {
            LOG.warn("Saved state of counter {} is unreadable ({}); it starts afresh", key, e.toString());
            return Optional.empty();
        }
    }

    public synchronized void save(String key, CounterState state) {
        JsonObject o = new JsonObject();
        o.addProperty("lastAt", state.lastAt().toEpochMilli());
        o.addProperty("lastValue", state.lastValue());
        o.addProperty("intervalStart", state.intervalStart().toEpochMilli());
        o.addProperty("intervalStartValue", state.intervalStartValue());
        o.addProperty("consumedBeforeDrop", state.consumedBeforeDrop());
        o.addProperty("startQuality", state.startQuality().name());
        states.put(key, o.toString());
        mv.commit();
    }

    @Override
    public synchronized void close() {
        mv.close();
    }
}
