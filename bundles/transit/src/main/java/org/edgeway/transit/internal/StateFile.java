package org.edgeway.transit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.edgeway.api.transit.DoorCount;
import org.edgeway.api.transit.ObjectClass;
import org.edgeway.transit.internal.counting.SavedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The counting engine's {@link SavedState} as a small JSON file ({@code var/data/transit-state.json}), replaced
 * atomically so that a power cut leaves the old or the new state, never half of one. A file that cannot be read is
 * set aside ({@code .bad}) and counting starts afresh: a broken file must not stop the counting.
 */
final class StateFile {

    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);

    /** The file's form: plain fields gson maps without adapters. */
    private static final class Stored {
        Map<String, long[]> counters = new HashMap<>();
        StoredRun run;
    }

    private static final class StoredRun {
        String tripId;
        String line;
        long tripStartMillis;
        long boardings;
        long alightings;
        List<StoredCount> tripCounts = new ArrayList<>();
        long clamped;
        int visits;
        Integer lastStopSequence;
        int load;
    }

    private static final class StoredCount {
        String door;
        String objectClass;
        long in;
        long out;
    }

    private final Path file;
    private final Gson gson = new GsonBuilder().setPrettyPrinting().create();

    StateFile(Path file) {
        this.file = file;
    }

    Optional<SavedState> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Stored stored = gson.fromJson(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
            return Optional.of(toState(stored));
        } catch (IOException | JsonParseException | IllegalArgumentException | NullPointerException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".bad");
            LOG.error("cannot read the passenger counting state {} ({}); moved to {}, counting starts afresh", file,
                    e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.error("cannot move {} aside: {}", file, moveFailed.getMessage());
            }
            return Optional.empty();
        }
    }

    void save(SavedState state) {
        Stored stored = new Stored();
        stored.counters.putAll(state.counters());
        SavedState.Run run = state.run();
        if (run != null) {
            StoredRun r = new StoredRun();
            r.tripId = run.tripId();
            r.line = run.line();
            r.tripStartMillis = run.tripStart().toEpochMilli();
            r.boardings = run.boardings();
            r.alightings = run.alightings();
            for (DoorCount count : run.tripCounts()) {
                StoredCount c = new StoredCount();
                c.door = count.doorId();
                c.objectClass = count.objectClass().name();
                c.in = count.boardings();
                c.out = count.alightings();
                r.tripCounts.add(c);
            }
            r.clamped = run.clamped();
            r.visits = run.visits();
            r.lastStopSequence = run.lastStopSequence();
            r.load = run.load();
            stored.run = r;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, gson.toJson(stored), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.error("cannot save the passenger counting state to {}: {}", file, e.getMessage());
        }
    }

    private static SavedState toState(Stored stored) {
        Map<String, long[]> counters = new HashMap<>();
        stored.counters.forEach((key, value) -> {
            if (value == null || value.length != 2 || value[0] < 0 || value[1] < 0) {
                throw new IllegalArgumentException("counter " + key + " is not two counts >= 0");
            }
            counters.put(key, value);
        });
        SavedState.Run run = null;
        if (stored.run != null) {
            StoredRun r = stored.run;
            List<DoorCount> counts = new ArrayList<>();
            for (StoredCount c : r.tripCounts) {
                counts.add(new DoorCount(c.door, ObjectClass.parse(c.objectClass), c.in, c.out));
            }
            if (r.load < 0) {
                throw new IllegalArgumentException("load " + r.load + " is negative");
            }
            run = new SavedState.Run(r.tripId, r.line, Instant.ofEpochMilli(r.tripStartMillis), r.boardings,
                    r.alightings, counts, r.clamped, r.visits, r.lastStopSequence, r.load);
        }
        return new SavedState(counters, run);
    }
}
