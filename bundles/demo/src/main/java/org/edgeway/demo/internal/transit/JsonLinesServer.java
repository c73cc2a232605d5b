package org.edgeway.demo.internal.transit;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.edgeway.api.transit.ObjectClass;
import org.edgeway.demo.internal.transit.Scenario.Protocol;
import org.edgeway.demo.internal.transit.SensorDoors.DoorSnapshot;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The counting sensors of the scenario's {@code jsonlines} doors as a TCP stream of JSON lines (the generic counting
 * adapter's protocol): one object per line with {@code time}, {@code door} and a {@code state} and/or the door's
 * cumulative {@code counts}. A door opening sends its state, every count change the door's counts, a closing both.
 * A client that connects first gets one line per door with its current state and counts, so it knows where the
 * cumulative counts start.
 */
public final class JsonLinesServer implements Closeable {

    private final Clock clock;
    private final SensorDoors doors;
    private final LineBroadcaster broadcaster;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

    /**
     * Listens at once.
     *
     * @param port 0 for a free port
     * @throws IOException naming address and port when it cannot listen
     */
    public JsonLinesServer(Scenario scenario, InetAddress address, int port, Clock clock) throws IOException {
        this.clock = clock;
        this.doors = SensorDoors.of(scenario, Protocol.JSONLINES);
        this.broadcaster = new LineBroadcaster("jsonlines", address, port, "\n", this::greeting);
    }

    /** The port it listens on. */
    public int port() {
        return broadcaster.port();
    }

    /** Opens or closes one of the scenario's {@code jsonlines} doors; a closing also carries the counts. */
    public void setDoorOpen(String door, boolean open) {
        broadcaster.publish(() -> {
            if (!doors.setOpen(door, open)) {
                return List.of();
            }
            DoorSnapshot snapshot = doors.snapshot(door);
            return List.of(line(snapshot, true, !open));
        });
    }

    /** Adds to the cumulative counts of one of the scenario's {@code jsonlines} doors and sends them. */
    public void count(String door, ObjectClass objectClass, Count increment) {
        broadcaster.publish(() -> {
            doors.add(door, objectClass, increment);
            return List.of(line(doors.snapshot(door), false, true));
        });
    }

    LineBroadcaster broadcaster() {
        return broadcaster;
    }

    @Override
    public void close() {
        broadcaster.close();
    }

    private List<String> greeting() {
        List<String> lines = new ArrayList<>();
        doors.snapshot().forEach(snapshot -> lines.add(line(snapshot, true, true)));
        return lines;
    }

    private String line(DoorSnapshot snapshot, boolean withState, boolean withCounts) {
        JsonObject json = new JsonObject();
        json.addProperty("time", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
        json.addProperty("door", snapshot.door());
        if (withState) {
            json.addProperty("state", snapshot.open() ? "open" : "closed");
        }
        if (withCounts) {
            JsonArray counts = new JsonArray();
            snapshot.counts().forEach((objectClass, count) -> {
                JsonObject entry = new JsonObject();
                entry.addProperty("class", objectClass.vdvName());
                entry.addProperty("in", count.boardings());
                entry.addProperty("out", count.alightings());
                counts.add(entry);
            });
            json.add("counts", counts);
        }
        return gson.toJson(json);
    }
}
